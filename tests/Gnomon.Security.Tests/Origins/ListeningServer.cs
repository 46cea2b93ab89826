using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gnomon.Security.Tests.Origins;

/// <summary>A server that only reports the addresses it listens on, which is all <c>AllowedHosts</c> asks of one.</summary>
internal sealed class ListeningServer : IServer
{
    private readonly ServerAddressesFeature _addresses = new();

    public ListeningServer(params string[] addresses)
    {
        Listen(addresses);
        Features.Set<IServerAddressesFeature>(_addresses);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>Adds addresses, as the server does when it binds (a port of 0 is known only then).</summary>
    public void Listen(params string[] addresses)
    {
        foreach (var address in addresses)
        {
            _addresses.Addresses.Add(address);
        }
    }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }

    private sealed class ServerAddressesFeature : IServerAddressesFeature
    {
        public ICollection<string> Addresses { get; } = [];

        public bool PreferHostingUrls { get; set; }
    }
}
