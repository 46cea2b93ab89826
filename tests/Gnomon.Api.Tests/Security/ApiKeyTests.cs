using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Host.Composition;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Tests.Security;

/// <summary>A node that serves the API without anonymous use: real HTTP, real keys.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "k3y-for-tests-0123456789abcdef";
    private const string OtherKey = "second-key-0123456789abcdef";
    private GnomonTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Security:AllowAnonymous"] = "false",
        ["Security:ApiKeys:0"] = Key,
        ["Security:ApiKeys:1"] = OtherKey,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key-0123456789abcdef")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer k3y-for-tests-0123456789abcdeX")]
    public async Task ApiRequest_WithoutValidKey_Returns401ProblemWithBearerChallenge(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(401, (int)problem["status"]!);
    }

    [Fact]
    public async Task PostJob_WithoutKey_Returns401AndCreatesNothing()
    {
        var response = await _host.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), ApiJson.Json(JobBodies.Handler("no-key")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var list = await SendAsync(HttpMethod.Get, "/api/v1/jobs?q=no-key", Key);
        Assert.Empty((await list.ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Theory]
    [InlineData(Key)]
    [InlineData(OtherKey)]
    public async Task ApiRequest_WithAnyConfiguredKey_IsServed(string key)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/jobs", key, JobBodies.Handler(ApiJson.UniqueName("keyed")));

        await created.ExpectAsync(HttpStatusCode.Created);
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

    [Theory]
    [InlineData(null, "no API key configured")]
    [InlineData("short", "Security:ApiKeys:0 is shorter than 16 characters")]
    public async Task Start_WithoutUsableKeyAndNotAnonymous_IsRefusedNamingTheSetting(string? key, string message)
    {
        var settings = new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "false" };
        if (key is not null)
        {
            settings["Security:ApiKeys:0"] = key;
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GnomonTestHost.StartAsync(settings, roles: GnomonRoles.Api));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ApiJson.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _host.Client.SendAsync(request);
    }
}
