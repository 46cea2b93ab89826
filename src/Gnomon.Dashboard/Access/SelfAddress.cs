using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gnomon.Dashboard.Access;

/// <summary>Where this node's own API answers, for the dashboard's calls: it reads and changes everything through the public API, as any client does.</summary>
internal sealed class SelfAddress(IServer server)
{
    private Uri? _address;

    public Uri Value => _address ??= Resolve();

    private Uri Resolve()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("The node listens on no address, so the dashboard cannot reach its API.");
        var uri = new UriBuilder(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        // A wildcard bind answers on loopback too; loopback keeps the call on this machine.
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}
