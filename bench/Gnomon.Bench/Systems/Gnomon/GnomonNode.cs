using Gnomon.Bench.Measurement;
using Gnomon.Host.Composition;
using Gnomon.Worker.Handlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>A Gnomon node in this process with the given roles, on 127.0.0.1, with product defaults except where noted.</summary>
internal sealed class GnomonNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GnomonNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A setting as the node read it, from whichever source won.</summary>
    public string? Setting(string key) => _app.Configuration[key];

    /// <param name="settings">Settings of the scenario on top of the node's defaults; the environment (<c>Worker__Concurrency=…</c>) still overrides them.</param>
    public static async Task<GnomonNode> StartAsync(
        GnomonRoles roles,
        string connectionString,
        FireRecorder? recorder,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            // Every queue, as gnomon dev serves them; no key, as in gnomon dev (the client is this process).
            ["Worker:Queues"] = "*",
            ["Security:AllowAnonymous"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0"], roles, connectionString, defaults, builder =>
        {
            if (recorder is not null)
            {
                builder.Services.AddSingleton(recorder);
                new GnomonWorkerBuilder(builder.Services).AddHandler<RecordingHandler>(RecordingHandler.Name);
            }
        });
        await GnomonApplication.StartAsync(app, cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GnomonNode(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
