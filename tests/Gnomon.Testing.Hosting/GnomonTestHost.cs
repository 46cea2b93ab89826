using Gnomon.Host.Composition;
using Gnomon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Testing.Hosting;

/// <summary>A whole Gnomon node (API, scheduler, worker) on a fresh database, listening on a free loopback port: real HTTP.</summary>
public sealed class GnomonTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GnomonTestHost(WebApplication app, Uri baseAddress, string connectionString)
    {
        _app = app;
        BaseAddress = baseAddress;
        ConnectionString = connectionString;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string ConnectionString { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a node with <paramref name="roles"/>; <paramref name="settings"/> override the test defaults.</summary>
    /// <param name="connectionString">An existing database (to restart a node on it); a fresh one when null.</param>
    public static async Task<GnomonTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        GnomonRoles roles = GnomonRoles.All,
        string? connectionString = null)
    {
        connectionString ??= await TestDatabase.CreateAsync();
        var defaults = new Dictionary<string, string?>
        {
            ["Executors:Http:AllowPrivateNetworks"] = "true",
            ["Worker:Queues"] = "*",
            ["Logging:LogLevel:Default"] = "Warning",
            // As in 'gnomon dev'; the security tests switch it off and configure keys.
            ["Security:AllowAnonymous"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0"], roles, connectionString, defaults, configure);
        await GnomonApplication.StartAsync(app, CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GnomonTestHost(app, new Uri(address), connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
