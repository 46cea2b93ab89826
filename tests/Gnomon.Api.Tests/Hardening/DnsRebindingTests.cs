using System.Net;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 1: a name the attacker owns, resolved to 127.0.0.1, reached a node with <c>Host</c> and <c>Origin</c>
/// of its own choosing, which the cross-origin guard compared with each other: every job could be read and created.
/// </summary>
public sealed class DnsRebindingTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task ListJobs_HostOfAnotherName_Returns400NamingTheSetting()
    {
        await _client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("rebind-secret")));

        var response = await _client.SendAsync(HttpMethod.Get, "/api/v1/jobs", configure: r =>
        {
            r.Headers.Host = "evil.example";
            r.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Security:AllowedHosts", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("rebind-secret", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateJob_HostAndOriginOfAnotherName_IsRefusedAndNothingIsCreated()
    {
        var name = ApiJson.UniqueName("rebind-create");

        var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/jobs", JobBodies.Handler(name), r =>
        {
            r.Headers.Host = "evil.example:5050";
            r.Headers.TryAddWithoutValidation("Origin", "http://evil.example:5050");
        });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListJobs_OriginOfAnotherNameOnTheRightHost_Returns403()
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/api/v1/jobs", configure: r => r.Headers.TryAddWithoutValidation("Origin", "http://evil.example"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("evil.example", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task ListJobs_LoopbackHostAndItsOrigin_AreServed(string host)
    {
        var port = fixture.Host.BaseAddress.Port;

        var response = await _client.SendAsync(HttpMethod.Get, "/api/v1/jobs", configure: r =>
        {
            r.Headers.Host = $"{host}:{port}";
            r.Headers.TryAddWithoutValidation("Origin", $"http://{host}:{port}");
        });

        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_ConfiguredPublicNames_AreServedAndOthersStillRefused()
    {
        await using var host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:AllowedHosts:0"] = "gnomon.example.com",
            ["Security:AllowedHosts:1"] = "*.jobs.example.org",
        });
        var name = ApiJson.UniqueName("public-name");

        var created = await host.Client.SendAsync(HttpMethod.Post, "/api/v1/jobs", JobBodies.Handler(name), r =>
        {
            r.Headers.Host = "gnomon.example.com";
            r.Headers.TryAddWithoutValidation("Origin", "http://gnomon.example.com");
        });
        var listed = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/jobs", configure: r => r.Headers.Host = "eu.jobs.example.org:8443");
        var refused = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/jobs", configure: r => r.Headers.Host = "example.com");

        await created.ExpectAsync(HttpStatusCode.Created);
        await listed.ExpectAsync(HttpStatusCode.OK);
        await refused.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }
}
