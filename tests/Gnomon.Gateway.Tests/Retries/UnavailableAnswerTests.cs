using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gnomon.Gateway.Tests.Retries;

/// <summary>A master that is up but answers 502/503/504 (its database is down, say): idempotent requests go to another.</summary>
public sealed class UnavailableAnswerTests
{
    // Probes too rare to matter: the unavailable master stays in rotation, so only the retry can hide it.
    private static readonly TimeSpan RareProbes = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Get_MasterAnswersUnavailable_IsAnsweredByAnother(int status)
    {
        await using var pair = await FailingAndHealthy.StartAsync(status);
        var (failing, healthy, gateway) = (pair.Failing, pair.Healthy, pair.Gateway);

        for (var i = 0; i < 10; i++)
        {
            var response = await gateway.Client.GetAsync(new Uri($"/api/v1/jobs/get-{i}", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("healthy", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["master"]);
        }

        // Round robin sent half of the first tries to the failing master: each was answered by the other.
        Assert.Equal(5, failing.Requests.Count);
        Assert.Equal(10, healthy.Requests.Count);
    }

    [Fact]
    public async Task Put_MasterAnswers503_IsResentWithItsBodyToAnother()
    {
        await using var pair = await FailingAndHealthy.StartAsync(503);
        var (failing, healthy, gateway) = (pair.Failing, pair.Healthy, pair.Gateway);

        for (var i = 0; i < 4; i++)
        {
            var body = $$"""{"name":"put-{{i}}"}""";
            var response = await gateway.Client.PutAsync(new Uri($"/api/v1/jobs/put-{i}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["body"]);
        }

        Assert.Equal(2, failing.Requests.Count);
        Assert.All(failing.Requests, r => Assert.StartsWith("""{"name":"put-""", r.Body, StringComparison.Ordinal));
        Assert.Equal(4, healthy.Requests.Count);
    }

    [Fact]
    public async Task Post_MasterAnswers503_IsPassedOnAndNotResent()
    {
        await using var pair = await FailingAndHealthy.StartAsync(503);
        var (failing, healthy, gateway) = (pair.Failing, pair.Healthy, pair.Gateway);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await gateway.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent($$"""{"n":{{i}}}""", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }

        // The failing master's answer reaches the client as it was: a POST it may have half done goes nowhere else.
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(2, healthy.Requests.Count);
        Assert.Equal(2, failing.Requests.Count);
    }

    [Fact]
    public async Task Get_EveryMasterAnswers503WithNoRetryBudget_PassesTheLastAnswerOnAfterTryingEach()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        a.ApiStatus = b.ApiStatus = 503;
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], RareProbes, new Dictionary<string, string> { ["Gateway:RetryBudget"] = "00:00:00" });

        var response = await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("cannot serve", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"], StringComparison.Ordinal);
        Assert.Single(a.Requests);
        Assert.Single(b.Requests);
    }

    [Fact]
    public async Task Get_EveryMasterAnswers503UntilTheirDatabaseIsBack_IsHeldAndAnswered()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        a.ApiStatus = b.ApiStatus = 503;
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], RareProbes, new Dictionary<string, string> { ["Gateway:RetryBudget"] = "00:00:30" });

        var pending = gateway.Client.GetAsync(new Uri("/api/v1/jobs/held", UriKind.Relative));
        await Gnomon.Testing.Eventually.WaitAsync(() => Task.FromResult(a.Requests.Count >= 2 && b.Requests.Count >= 2), "both masters to be tried twice");
        a.ApiStatus = 200;
        var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["master"]);
    }

    [Fact]
    public async Task Get_EveryMasterAnswers503PastTheRetryBudget_PassesTheLastAnswerOn()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        a.ApiStatus = b.ApiStatus = 503;
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], RareProbes, new Dictionary<string, string> { ["Gateway:RetryBudget"] = "00:00:01" });

        var response = await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.EndsWith("cannot serve", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"], StringComparison.Ordinal);
        Assert.True(a.Requests.Count + b.Requests.Count > 2, $"tried {a.Requests.Count} + {b.Requests.Count} times");
    }

    [Fact]
    public async Task Post_EveryMasterAnswers503_IsPassedOnAtOnceAndNotResent()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        a.ApiStatus = b.ApiStatus = 503;
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], RareProbes, new Dictionary<string, string> { ["Gateway:RetryBudget"] = "00:00:30" });

        var response = await gateway.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, a.Requests.Count + b.Requests.Count);
    }

    /// <summary>A master answering <c>status</c> and a healthy one, taken in turn by the gateway (round robin).</summary>
    private sealed class FailingAndHealthy : IAsyncDisposable
    {
        private FailingAndHealthy(StandInMaster failing, StandInMaster healthy, GatewayHost gateway) =>
            (Failing, Healthy, Gateway) = (failing, healthy, gateway);

        public StandInMaster Failing { get; }

        public StandInMaster Healthy { get; }

        public GatewayHost Gateway { get; }

        public static async Task<FailingAndHealthy> StartAsync(int status)
        {
            var failing = await StandInMaster.StartAsync("failing");
            failing.ApiStatus = status;
            var healthy = await StandInMaster.StartAsync("healthy");
            var gateway = await GatewayHost.StartAsync(
                [failing.Address, healthy.Address], RareProbes, new Dictionary<string, string> { ["Gateway:LoadBalancingPolicy"] = "RoundRobin" });
            return new FailingAndHealthy(failing, healthy, gateway);
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Healthy.DisposeAsync();
            await Failing.DisposeAsync();
        }
    }
}
