using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Gnomon.Gateway.Tests.RateLimiting;

/// <summary>Gateway:RateLimit: a budget per API key, or per address before a key is known.</summary>
public sealed class RateLimitTests
{
    private const string OtherKey = "other-gateway-key-0123456789";

    // Two requests per ten minutes: the window cannot roll over while a test runs.
    private static readonly Dictionary<string, string> TwoPerWindow = new()
    {
        ["Gateway:RateLimit:PermitLimit"] = "2",
        ["Gateway:RateLimit:Window"] = "00:10:00",
        ["Security:ApiKeys:1"] = OtherKey,
    };

    [Fact]
    public async Task Api_OverTheLimit_Returns429ProblemWithRetryAfterAndReachesNoMaster()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: TwoPerWindow);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (int)JsonNode.Parse(await last.Content.ReadAsStringAsync())!["status"]!);
        var retryAfter = last.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(2, master.Requests.Count);
    }

    [Fact]
    public async Task Api_OneKeyOverTheLimit_AnotherKeyIsStillServed()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: TwoPerWindow);
        for (var i = 0; i < 3; i++)
        {
            await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OtherKey);
        var response = await gateway.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_WrongKeysFromOneAddress_AreThrottledToo()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: TwoPerWindow);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"guess-{i}-0123456789abcdef");
            statuses.Add((await gateway.Anonymous.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Health_IsNeverLimited()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: TwoPerWindow);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Api_PermitLimitZero_TurnsTheLimitOff()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: new Dictionary<string, string> { ["Gateway:RateLimit:PermitLimit"] = "0" });

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative))).StatusCode);
        }
    }
}
