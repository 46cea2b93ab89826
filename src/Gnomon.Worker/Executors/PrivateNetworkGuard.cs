using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Gnomon.Worker.Executors;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the http executor: resolves the host itself and
/// refuses to connect to non-public addresses unless <see cref="HttpExecutorOptions.AllowPrivateNetworks"/>.
/// </summary>
/// <remarks>
/// The check is made on the very address the socket connects to, after resolution, so a name that resolves
/// to a public address when the job is created and to 127.0.0.1 later (DNS rebinding) is still refused.
/// </remarks>
internal sealed class PrivateNetworkGuard(bool allowPrivateNetworks)
{
    private static readonly (IPNetwork Network, string Name)[] s_nonPublicRanges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "'this' network"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        // Shared address space: carrier-grade NAT, and some clouds' metadata services (100.100.100.200).
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    // NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits; a gateway would forward to it.
    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Whether <paramref name="address"/> is outside the public internet, and which range it is in.</summary>
    public static bool IsNonPublic(IPAddress address, out string range)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && s_nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes().AsSpan(12, 4));
        }

        foreach (var (network, name) in s_nonPublicRanges)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                range = name;
                return true;
            }
        }

        range = "public";
        return false;
    }

    /// <summary>Connects to the first reachable allowed address of the request's host.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        Exception? lastFailure = null;
        foreach (var address in addresses)
        {
            if (!allowPrivateNetworks && IsNonPublic(address, out var range))
            {
                lastFailure ??= new PrivateNetworkRefusedException(
                    $"refused to connect to {address} ({range} address) for host '{host}': private and loopback targets are disabled on this worker; allow them with Executors:Http:AllowPrivateNetworks=true");
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                // A refusal explains more than a later connection failure does, so it is kept.
                lastFailure = lastFailure as PrivateNetworkRefusedException ?? (Exception)ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure ?? new SocketException((int)SocketError.HostNotFound);
    }
}
