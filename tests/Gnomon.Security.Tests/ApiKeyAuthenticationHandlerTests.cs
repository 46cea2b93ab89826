using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Security.Tests;

/// <summary>The handler's own answers, asked through the authentication service as the middleware asks it.</summary>
public sealed class ApiKeyAuthenticationHandlerTests(SecurityPipeline pipeline) : IClassFixture<SecurityPipeline>
{
    private const string NotBearer = "the Authorization header is not 'Bearer <key>'";
    private const string Unknown = "unknown API key";

    [Fact]
    public async Task AuthenticateAsync_NoAuthorizationHeader_HasNoResultSoAnonymousEndpointsStayReachable()
    {
        var result = await AuthenticateAsync(null);

        Assert.True(result.None);
        Assert.Null(result.Failure);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz", NotBearer)]
    [InlineData("Token k3y-for-tests-0123456789abcdef", NotBearer)]
    [InlineData("k3y-for-tests-0123456789abcdef", NotBearer)]
    [InlineData("Bearer k3y-for-tests-0123456789abcde", Unknown)]
    [InlineData("Bearer k3y-for-tests-0123456789abcdefX", Unknown)]
    [InlineData("Bearer K3Y-FOR-TESTS-0123456789ABCDEF", Unknown)]
    [InlineData("Bearer k3y-for-tests-0123456789abcdef second-key-0123456789abcdef", Unknown)]
    [InlineData("Bearer ", Unknown)]
    public async Task AuthenticateAsync_AnythingButBearerAndAWholeConfiguredKey_FailsSayingWhy(string authorization, string why)
    {
        var result = await AuthenticateAsync(authorization);

        Assert.Equal(why, result.Failure?.Message);
    }

    [Theory]
    [InlineData("Bearer k3y-for-tests-0123456789abcdef")]
    [InlineData("bearer k3y-for-tests-0123456789abcdef")]
    [InlineData("BEARER k3y-for-tests-0123456789abcdef")]
    [InlineData("Bearer   k3y-for-tests-0123456789abcdef  ")]
    public async Task AuthenticateAsync_ConfiguredKeyInAnyCaseOfTheSchemeOrPadded_Succeeds(string authorization)
    {
        var result = await AuthenticateAsync(authorization);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(SecurityPipeline.Key, "api-key-0")]
    [InlineData(SecurityPipeline.OtherKey, "api-key-1")]
    public async Task AuthenticateAsync_ConfiguredKey_NamesTheCallerByTheKeysPositionNotItsValue(string key, string name)
    {
        var result = await AuthenticateAsync($"Bearer {key}");

        var identity = Assert.IsType<ClaimsIdentity>(result.Principal?.Identity);
        Assert.Equal(name, identity.Name);
        Assert.Equal(ApiKeyAuthenticationHandler.SchemeName, identity.AuthenticationType);
        Assert.DoesNotContain(result.Principal!.Claims, c => c.Value.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChallengeAsync_WithoutAFailureToReport_Returns401ProblemSayingWhatIsNeeded()
    {
        var (status, challenge, problem) = await ChallengeAsync(null);

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.Equal("Bearer", challenge);
        Assert.Equal("Unauthorized", (string?)problem["title"]);
        Assert.Contains("configured API key", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer wrong-key-0123456789abcdef", Unknown)]
    [InlineData("Basic dXNlcjpwYXNz", NotBearer)]
    public async Task ChallengeAsync_AfterARefusedHeader_Returns401ProblemSayingWhy(string authorization, string why)
    {
        var (status, _, problem) = await ChallengeAsync(authorization);

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
        Assert.Equal(why, (string?)problem["detail"]);
    }

    private async Task<AuthenticateResult> AuthenticateAsync(string? authorization)
    {
        await using var scope = pipeline.Services.CreateAsyncScope();
        var context = Request(scope.ServiceProvider, authorization);

        return await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
    }

    private async Task<(int Status, string Challenge, JsonNode Problem)> ChallengeAsync(string? authorization)
    {
        await using var scope = pipeline.Services.CreateAsyncScope();
        var context = Request(scope.ServiceProvider, authorization);

        using var body = new MemoryStream();
        context.Response.Body = body;

        await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);

        Assert.Equal("application/problem+json", context.Response.ContentType);
        return (context.Response.StatusCode, context.Response.Headers.WWWAuthenticate.ToString(), JsonNode.Parse(body.ToArray())!);
    }

    private static DefaultHttpContext Request(IServiceProvider services, string? authorization)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }
}
