using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Client.Tests;

/// <summary>A whole node on a fresh database (shell jobs on, for a job that runs long enough to cancel) and a client on it.</summary>
public sealed class ClientServer : IAsyncLifetime
{
    private GnomonTestHost? _host;
    private ServiceProvider? _services;

    public GnomonTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public GnomonClient Client => _services?.GetRequiredService<GnomonClient>() ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await GnomonTestHost.StartAsync(new Dictionary<string, string?> { ["Executors:Shell:Enabled"] = "true" });
        _services = new ServiceCollection().AddGnomonClient(o => o.BaseAddress = _host.BaseAddress).Services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
