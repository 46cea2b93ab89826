namespace Gnomon.Testing.Hosting;

/// <summary>One node with default settings shared by the tests of a class that do not interfere (each uses its own job names).</summary>
public sealed class GnomonHostFixture : IAsyncLifetime
{
    private GnomonTestHost? _host;

    public GnomonTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync() => _host = await GnomonTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
