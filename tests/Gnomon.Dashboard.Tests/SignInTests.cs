using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>Signing in with a key, in a real browser.</summary>
public sealed class SignInTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Dashboard_NotSignedIn_AsksForTheKeyAndRefusesAWrongOne()
    {
        var page = await (await server.Browser.NewContextAsync()).NewPageAsync();

        await page.GotoAsync(server.Url("/dashboard/jobs"));
        var askedAt = page.Url;
        await page.GetByLabel("API key").FillAsync("not-the-key-0123456789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        Assert.StartsWith(server.Url("/dashboard/sign-in"), askedAt, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This key is not accepted.");
    }

    [Fact]
    public async Task SignIn_RightKey_KeepsItOnlyInAStrictHttpOnlyCookie()
    {
        var page = await server.SignedInPageAsync();

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "gnomon-dashboard");
        var html = await page.ContentAsync();

        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/dashboard", cookie.Path);
        Assert.DoesNotContain(DashboardServer.Key, html, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServer.Key, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServer.Key, cookie.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_SignedIn_ReturnsToTheSignInPage()
    {
        var page = await server.SignedInPageAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(server.Url("/dashboard/sign-in"));
        await page.GotoAsync(server.Url("/dashboard/nodes"));

        Assert.StartsWith(server.Url("/dashboard/sign-in"), page.Url, StringComparison.Ordinal);
    }
}
