using System.Net;
using Gnomon.Security.Origins;
using Microsoft.Extensions.Options;

namespace Gnomon.Security.Tests.Origins;

public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5050")]
    [InlineData("LocalHost:5050")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]:5050")]
    public void Allows_LoopbackNames_WithoutAnyConfiguration(string host)
    {
        Assert.True(Hosts().Allows(host));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5050")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.2")]
    public void Allows_NameNobodyConfigured_IsFalse(string host)
    {
        Assert.False(Hosts().Allows(host));
    }

    [Theory]
    [InlineData("gnomon.example.com")]
    [InlineData("gnomon.example.com:8443")]
    [InlineData("GNOMON.example.com")]
    public void Allows_ConfiguredName_WithOrWithoutPortInAnyCase(string host)
    {
        Assert.True(Hosts(["gnomon.example.com"]).Allows(host));
    }

    [Theory]
    [InlineData("eu.jobs.example.org", true)]
    [InlineData("a.eu.jobs.example.org:443", true)]
    [InlineData("jobs.example.org", false)]
    [InlineData("evil-jobs.example.org", false)]
    public void Allows_WildcardName_MatchesItsSubdomainsOnly(string host, bool allowed)
    {
        Assert.Equal(allowed, Hosts(["*.jobs.example.org"]).Allows(host));
    }

    [Fact]
    public void Allows_Star_AcceptsAnyName()
    {
        Assert.True(Hosts(["*"]).Allows("anything.example:1234"));
    }

    [Fact]
    public void Allows_ConfiguredNameWithSpaces_IsTrimmed()
    {
        Assert.True(Hosts(["  gnomon.example.com  ", " "]).Allows("gnomon.example.com"));
    }

    [Theory]
    [InlineData("http://10.1.2.3:5050", "10.1.2.3:5050")]
    [InlineData("https://10.1.2.3:443/base", "10.1.2.3")]
    [InlineData("http://[fd00::5]:80", "[fd00::5]:80")]
    [InlineData("http://node-7.internal:5050", "node-7.internal:5050")]
    public void Allows_TheAddressTheServerListensOn(string listen, string host)
    {
        var hosts = Hosts(server: new ListeningServer(listen));

        Assert.True(hosts.Allows(host));
        Assert.False(hosts.Allows("10.1.2.4:5050"));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5050")]
    [InlineData("http://[::]:5050")]
    [InlineData("http://*:5050")]
    [InlineData("http://+:5050")]
    public void Allows_ListeningOnEveryInterface_AnswersToTheMachinesName(string listen)
    {
        var hosts = Hosts(server: new ListeningServer(listen));

        Assert.True(hosts.Allows(Dns.GetHostName()));
        Assert.False(hosts.Allows("evil.example"));
    }

    [Fact]
    public void Allows_AddressBoundAfterConstructionButBeforeTheFirstRequest_IsAccepted()
    {
        // A port of 0 is bound only when the server starts, after the services are built.
        var server = new ListeningServer();
        var hosts = Hosts(server: server);

        server.Listen("http://10.9.8.7:40123");

        Assert.True(hosts.Allows("10.9.8.7:40123"));
    }

    private static AllowedHosts Hosts(string[]? configured = null, ListeningServer? server = null) =>
        new(server ?? new ListeningServer(), Options.Create(new SecurityOptions { AllowedHosts = configured ?? [] }));
}
