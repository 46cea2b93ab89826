using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Security.Tests;

/// <summary>The API-key guard as a node wires it: every endpoint needs a key unless it is marked anonymous or anonymous use is allowed.</summary>
public sealed class SecurityServiceCollectionExtensionsTests(SecurityPipeline pipeline) : IClassFixture<SecurityPipeline>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key-0123456789abcdef")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer k3y-for-tests-0123456789abcdeX")]
    public async Task AddGnomonSecurity_RequestWithoutValidKey_Returns401ProblemWithBearerChallenge(string? authorization)
    {
        var response = await pipeline.GetAsync("/closed", authorization);

        Assert.Equal(StatusCodes.Status401Unauthorized, response.Status);
        Assert.Equal("Bearer", response.Challenge);
        Assert.Equal(401, (int)response.Problem()["status"]!);
    }

    [Theory]
    [InlineData(SecurityPipeline.Key)]
    [InlineData(SecurityPipeline.OtherKey)]
    public async Task AddGnomonSecurity_RequestWithAnyConfiguredKey_IsServed(string key)
    {
        var response = await pipeline.GetAsync("/closed", $"Bearer {key}");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
    }

    [Fact]
    public async Task AddGnomonSecurity_UnknownKey_ProblemSaysWhy()
    {
        var response = await pipeline.GetAsync("/closed", "Bearer not-one-of-the-configured-keys");

        Assert.Equal("unknown API key", (string?)response.Problem()["detail"]);
    }

    [Fact]
    public async Task AddGnomonSecurity_NoAuthorizationHeader_ProblemSaysWhatIsNeeded()
    {
        var response = await pipeline.GetAsync("/closed");

        Assert.Contains("'Authorization: Bearer <key>'", (string?)response.Problem()["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGnomonSecurity_EndpointMarkedAnonymous_IsServedWithoutKey()
    {
        var response = await pipeline.GetAsync("/open");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("open", response.Body);
    }

    [Fact]
    public async Task AddGnomonSecurity_AnonymousAllowed_ServesEveryEndpointWithoutKey()
    {
        using var anonymous = SecurityPipeline.CreateExactly(new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "true" });

        var response = await anonymous.GetAsync("/closed");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("anonymous", response.Body);
    }

    [Theory]
    [InlineData(null, "no API key configured")]
    [InlineData("short", "Security:ApiKeys:0 is shorter than 16 characters")]
    public async Task AddGnomonSecurity_StartWithoutUsableKeyAndNotAnonymous_IsRefusedNamingTheSetting(string? key, string message)
    {
        var settings = new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "false" };
        if (key is not null)
        {
            settings["Security:ApiKeys:0"] = key;
        }

        using var services = SecurityPipeline.BuildServices(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGnomonSecurity_StartAnonymousWithoutKeys_IsAccepted()
    {
        using var services = SecurityPipeline.BuildServices(new Dictionary<string, string?> { ["Security:AllowAnonymous"] = "true" });

        services.GetRequiredService<IStartupValidator>().Validate();
    }
}
