using Gnomon.Api;
using Gnomon.Dashboard;
using Gnomon.Host.Nodes;
using Gnomon.Scheduler;
using Gnomon.Store;
using Gnomon.Store.Migrations;
using Gnomon.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gnomon.Host.Composition;

/// <summary>Builds a Gnomon process from its roles: the one place that wires projects together.</summary>
public static class GnomonApplication
{
    // Settings are read and validated once, at start. Watching appsettings.json for changes watches the whole working
    // directory, recursively: under `gnomon dev` that holds the embedded database (.gnomon), so every file PostgreSQL
    // wrote woke the watcher and cost the node CPU, for a reload that nothing reads.
    private const string ReadSettingsOnce = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>Builds (but does not start) the application for <paramref name="roles"/> on <paramref name="connectionString"/>.</summary>
    /// <param name="args">Command-line switches, applied over appsettings and environment variables.</param>
    /// <param name="defaults">Settings that apply unless configuration says otherwise (for example what <c>dev</c> allows).</param>
    /// <param name="configure">Last-minute changes, used by tests and library hosts to add handlers or services.</param>
    public static WebApplication Build(
        string[] args,
        GnomonRoles roles,
        string connectionString,
        IReadOnlyDictionary<string, string?>? defaults = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [ReadSettingsOnce, .. args], ApplicationName = typeof(GnomonApplication).Assembly.GetName().Name });
        // Defaults sit below every other source, so configuration files, env and switches still win.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        // Npgsql logs every statement at Information: thousands of lines a second on a busy node. Its warnings and
        // errors (a broken connection, a failed statement) still show; Logging:LogLevel:Npgsql changes it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Npgsql"] = "Warning" },
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddGnomonStore(connectionString);
        builder.Services.AddSingleton(new NodeRoles(roles));
        builder.Services.AddHostedService<NodeHeartbeatService>();
        builder.Services.AddGnomonApi(builder.Configuration, serveEndpoints: roles.HasFlag(GnomonRoles.Api));
        if (roles.HasFlag(GnomonRoles.Api))
        {
            builder.Services.AddGnomonDashboard();
            builder.Services.AddGnomonKeyRing();
        }

        if (roles.HasFlag(GnomonRoles.Scheduler))
        {
            builder.Services.AddGnomonScheduler();
        }

        if (roles.HasFlag(GnomonRoles.Worker))
        {
            builder.Services.AddGnomonWorker();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGnomonApi(serveEndpoints: roles.HasFlag(GnomonRoles.Api));
        if (roles.HasFlag(GnomonRoles.Api))
        {
            app.MapGnomonDashboard();
        }
        return app;
    }

    /// <summary>Starts the application and waits until the schema is applied; many nodes may do this at once.</summary>
    /// <remarks>
    /// The node serves <c>/health/*</c> (not ready) while it waits: with no primary answering (the database is down, or
    /// a failover is under way) it waits as long as that lasts, then the roles start. An error waiting cannot fix (a
    /// wrong password, an unknown database) is thrown here.
    /// </remarks>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        await app.Services.GetRequiredService<SchemaGate>().WaitAsync(cancellationToken);
    }
}
