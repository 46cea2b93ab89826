using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Gnomon.Security.Origins;

/// <summary>The host names a node answers to: <c>Security:AllowedHosts</c>, the loopback names, and the addresses it listens on.</summary>
/// <remarks>
/// DNS rebinding points a name the attacker owns at this machine, so every request it makes carries that name in
/// <c>Host</c> (and <c>Origin</c>). Names the operator did not configure are therefore refused; addresses are safe to
/// accept, because a browser sends an address only when the page itself was loaded from it. A node listening on every
/// interface (<c>0.0.0.0</c>, <c>[::]</c>) answers to each interface's address and to the machine's host name.
/// The list is built at the first request, once the server knows its addresses (a port of 0 is bound by then).
/// </remarks>
internal sealed class AllowedHosts(IServer server, IOptions<SecurityOptions> options)
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];
    private IList<StringSegment>? _patterns;

    /// <summary>The patterns in force, in <see cref="HostString.MatchesAny"/> form (<c>example.com</c>, <c>*.example.com</c>, <c>*</c>).</summary>
    public IList<StringSegment> Patterns => _patterns ??= Build();

    /// <summary>Whether <paramref name="host"/> (a <c>Host</c> value, with or without a port) is one this node answers to.</summary>
    public bool Allows(string host) => HostString.MatchesAny(host, Patterns);

    private List<StringSegment> Build()
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        hosts.UnionWith(options.Value.AllowedHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()));
        hosts.UnionWith(LoopbackNames);
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var host = ListenHost(address);
            if (host is "*" or "+" or "0.0.0.0" or "[::]")
            {
                hosts.UnionWith(InterfaceAddresses());
                hosts.Add(Dns.GetHostName());
            }
            else if (host.Length > 0)
            {
                hosts.Add(host);
            }
        }

        return [.. hosts.Select(h => new StringSegment(h))];
    }

    /// <summary>The host part of a listen address such as <c>http://127.0.0.1:5050</c> or <c>http://[::]:80</c>.</summary>
    private static string ListenHost(string address)
    {
        var start = address.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? address : address[(start + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return new HostString(slash < 0 ? rest : rest[..slash]).Host;
    }

    private static IEnumerable<string> InterfaceAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }

        return interfaces
            .Where(i => i.OperationalStatus != OperationalStatus.Down)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId == 0))
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString());
    }
}
