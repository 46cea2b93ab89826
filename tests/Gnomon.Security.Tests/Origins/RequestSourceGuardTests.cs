using System.Text.Json.Nodes;
using Gnomon.Security.Origins;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Security.Tests.Origins;

/// <summary>A node listening on <c>127.0.0.1:5050</c> and known as <c>gnomon.example.com</c>.</summary>
public sealed class RequestSourceGuardTests : IDisposable
{
    private const string Node = "127.0.0.1:5050";

    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
    private readonly RequestSourceGuard _guard;
    private int _passed;

    public RequestSourceGuardTests()
    {
        var hosts = new AllowedHosts(new ListeningServer($"http://{Node}"), Options.Create(new SecurityOptions { AllowedHosts = ["gnomon.example.com"] }));
        _guard = new RequestSourceGuard(_ =>
        {
            _passed++;
            return Task.CompletedTask;
        }, hosts);
    }

    [Theory]
    [InlineData(Node)]
    [InlineData("gnomon.example.com")]
    [InlineData("localhost:5050")]
    public async Task InvokeAsync_HostTheNodeAnswersTo_PassesTheRequestOn(string host)
    {
        await SendAsync(HttpMethods.Post, host);

        Assert.Equal(1, _passed);
    }

    [Fact]
    public async Task InvokeAsync_NoHost_PassesTheRequestOn()
    {
        // HTTP/1.0 clients may send no Host; there is no name to judge.
        await SendAsync(HttpMethods.Get, "");

        Assert.Equal(1, _passed);
    }

    [Fact]
    public async Task InvokeAsync_HostOfAnotherName_Returns400NamingTheSettingAndGoesNoFurther()
    {
        var (status, problem) = await SendAsync(HttpMethods.Get, "evil.example:5050");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Equal("Host not allowed", (string?)problem!["title"]);
        var detail = (string)problem["detail"]!;
        Assert.Contains("'evil.example:5050'", detail, StringComparison.Ordinal);
        Assert.Contains("Security:AllowedHosts", detail, StringComparison.Ordinal);
        Assert.Equal(0, _passed);
    }

    [Fact]
    public async Task InvokeAsync_VeryLongHost_IsQuotedShortened()
    {
        var host = new string('a', 300) + ".example";

        var (_, problem) = await SendAsync(HttpMethods.Get, host);

        var detail = (string)problem!["detail"]!;
        Assert.Contains($"'{host[..100]}…'", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(host, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task InvokeAsync_OriginOfAnotherName_Returns403NamingTheOrigin(string method)
    {
        var (status, problem) = await SendAsync(method, Node, origin: "http://evil.example");

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Contains("'http://evil.example'", (string?)problem!["detail"], StringComparison.Ordinal);
        Assert.Equal(0, _passed);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("chrome-extension://abcdefghijklmnop")]
    [InlineData("ftp://127.0.0.1:5050")]
    [InlineData("not an origin")]
    public async Task InvokeAsync_OriginThatIsNotAWebOriginOfThisNode_Returns403(string origin)
    {
        var (status, _) = await SendAsync(HttpMethods.Get, Node, origin: origin);

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Equal(0, _passed);
    }

    [Fact]
    public async Task InvokeAsync_ReadFromAnotherOriginOfANameTheNodeAnswersTo_PassesTheRequestOn()
    {
        await SendAsync(HttpMethods.Get, Node, origin: "http://gnomon.example.com:9999");

        Assert.Equal(1, _passed);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task InvokeAsync_WriteFromAnotherOriginOfANameTheNodeAnswersTo_Returns403(string method)
    {
        var (status, problem) = await SendAsync(method, Node, origin: "http://gnomon.example.com");

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Equal("State-changing requests from another web origin are not accepted.", (string?)problem!["detail"]);
        Assert.Equal(0, _passed);
    }

    [Fact]
    public async Task InvokeAsync_WriteFromThisVeryOrigin_PassesTheRequestOn()
    {
        await SendAsync(HttpMethods.Post, Node, origin: $"http://{Node}");

        Assert.Equal(1, _passed);
    }

    [Theory]
    [InlineData("POST", "cross-site", false)]
    [InlineData("DELETE", "same-site", false)]
    [InlineData("POST", "same-origin", true)]
    [InlineData("POST", "none", true)]
    [InlineData("GET", "cross-site", true)]
    [InlineData("HEAD", "cross-site", true)]
    [InlineData("OPTIONS", "cross-site", true)]
    public async Task InvokeAsync_BrowserFetchSite_RefusesOnlyWritesFromOtherSites(string method, string site, bool passes)
    {
        // A body-less fetch (a trigger, a pause) may carry no Origin, but the browser still says where it came from.
        var (status, _) = await SendAsync(method, Node, site: site);

        Assert.Equal(passes ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden, status);
        Assert.Equal(passes ? 1 : 0, _passed);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    public async Task InvokeAsync_OpaqueOrigin_RefusesWritesOnly(string method, bool passes)
    {
        var (status, _) = await SendAsync(method, Node, origin: "null");

        Assert.Equal(passes ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden, status);
    }

    [Fact]
    public async Task InvokeAsync_WriteWithoutBrowserHeaders_PassesTheRequestOn()
    {
        await SendAsync(HttpMethods.Delete, Node);

        Assert.Equal(1, _passed);
    }

    public void Dispose() => _services.Dispose();

    private async Task<(int Status, JsonNode? Problem)> SendAsync(string method, string host, string? origin = null, string? site = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        if (site is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = site;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        await _guard.InvokeAsync(context);
        return (context.Response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body.ToArray()));
    }
}
