using System.Net;
using Gnomon.Testing;
using Gnomon.Testing.Hosting;

namespace Gnomon.Gateway.Tests.EndToEnd;

/// <summary>The dashboard behind the gateway: it asks for the key, and its session works on every master.</summary>
public sealed class DashboardThroughGatewayTests
{
    [Fact]
    public async Task Dashboard_ThroughTheGateway_AsksForTheKeyThenServesEveryMaster()
    {
        var database = await TestDatabase.CreateAsync();
        await using var first = await MasterNode.StartAsync(database);
        await using var second = await MasterNode.StartAsync(database);
        await using var gateway = await GatewayHost.StartAsync([first.Address, second.Address]);
        var gatewayAddress = gateway.Anonymous.BaseAddress!;
        using var browser = DashboardSignIn.Browser(gatewayAddress, new CookieContainer());

        var unsigned = await browser.GetAsync(new Uri("/dashboard", UriKind.Relative));
        var signIn = await DashboardSignIn.SignInAsync(browser, GatewayHost.Key);

        Assert.Equal(HttpStatusCode.Redirect, unsigned.StatusCode);
        // Redirects point back through the gateway, never at a master behind it.
        Assert.Equal(gatewayAddress.Authority, unsigned.Headers.Location!.IsAbsoluteUri ? unsigned.Headers.Location.Authority : gatewayAddress.Authority);
        Assert.StartsWith("/dashboard/sign-in", unsigned.Headers.Location.IsAbsoluteUri ? unsigned.Headers.Location.AbsolutePath : unsigned.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // The gateway spreads requests over both masters: each reads the session cookie the other may have written.
        for (var i = 0; i < 6; i++)
        {
            var page = await browser.GetAsync(new Uri("/dashboard/jobs", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<h1>Jobs</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
