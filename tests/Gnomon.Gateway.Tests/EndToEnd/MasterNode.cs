using Gnomon.Host.Composition;
using Gnomon.Testing;
using Microsoft.AspNetCore.Builder;

namespace Gnomon.Gateway.Tests.EndToEnd;

/// <summary>A real master (API and scheduler) in this process on a free loopback port, needing the gateway's key.</summary>
internal sealed class MasterNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MasterNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<MasterNode> StartAsync(string connectionString)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Security:ApiKeys:0"] = GatewayHost.Key,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0"], GnomonRoles.Master, connectionString, settings);
        await GnomonApplication.StartAsync(app, CancellationToken.None);
        return new MasterNode(app, ServerAddress.Of(app));
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
