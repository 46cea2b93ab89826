using System.Net;
using Gnomon.Worker.Executors;

namespace Gnomon.Worker.Tests.Executors;

public sealed class PrivateNetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("0.0.0.0", "'this' network")]
    [InlineData("::", "unspecified")]
    [InlineData("100.100.100.200", "shared (carrier-grade NAT)")]
    public void IsNonPublic_NonPublicAddress_ReturnsTrueWithRange(string address, string range)
    {
        Assert.True(PrivateNetworkGuard.IsNonPublic(IPAddress.Parse(address), out var actual));
        Assert.Equal(range, actual);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsNonPublic_PublicAddress_ReturnsFalse(string address)
    {
        Assert.False(PrivateNetworkGuard.IsNonPublic(IPAddress.Parse(address), out _));
    }
}
