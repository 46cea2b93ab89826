using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Security;

/// <summary>A node that serves the API without anonymous use: real HTTP, real keys.</summary>
/// <remarks>How a key is checked is tested in Gnomon.Security.Tests; these check which of the API's endpoints the guard covers.</remarks>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "k3y-for-tests-0123456789abcdef";
    private GnomonTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Security:AllowAnonymous"] = "false",
        ["Security:ApiKeys:0"] = Key,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PostJob_WithoutKey_Returns401AndCreatesNothing()
    {
        var response = await _host.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), ApiJson.Json(JobBodies.Handler("no-key")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var list = await SendAsync(HttpMethod.Get, "/api/v1/jobs?q=no-key", Key);
        Assert.Empty((await list.ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task PublicEndpoint_WithoutKey_IsServed(string path)
    {
        var response = await _host.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheBearerScheme()
    {
        var document = JsonNode.Parse(await _host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var scheme = document["components"]!["securitySchemes"]!["apiKey"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.NotNull(document["security"]!.AsArray().Single()!["apiKey"]);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ApiJson.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _host.Client.SendAsync(request);
    }
}
