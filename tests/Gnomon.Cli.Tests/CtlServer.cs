namespace Gnomon.Cli.Tests;

/// <summary>A whole node for the CLI tests of one class, and the CLI pointed at it.</summary>
public sealed class CtlServer : IAsyncLifetime
{
    private GnomonTestHost? _host;

    public Ctl Ctl => new(Host.BaseAddress);

    public GnomonTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public Client.GnomonClient Client => new(Host.Client);

    public async Task InitializeAsync() => _host = await GnomonTestHost.StartAsync(new Dictionary<string, string?> { ["Executors:Shell:Enabled"] = "true" });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
