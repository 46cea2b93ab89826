using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gnomon.Testing;
using Microsoft.Extensions.Options;

namespace Gnomon.Gateway.Tests;

public sealed class GatewayTests
{
    [Fact]
    public async Task Get_WithKey_IsRoutedToAMasterWithTheKeyForwarded()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address]);

        var response = await gateway.Client.GetAsync(new Uri("/api/v1/jobs?limit=5", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["master"]);
        var seen = Assert.Single(master.Requests);
        Assert.Equal("/api/v1/jobs", seen.Path);
        Assert.Equal($"Bearer {GatewayHost.Key}", seen.Authorization);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-key-0123456789")]
    public async Task Api_WithoutValidKey_Returns401AndNeverReachesAMaster(string? authorization)
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await gateway.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(master.Requests);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/v1")]
    public async Task PublicPath_WithoutKey_IsServed(string path)
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address]);

        var response = await gateway.Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_OneMasterStopped_EveryRequestSucceedsOnTheOther()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        // Health checks too rare to help: the retry alone must hide the dead master.
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], TimeSpan.FromMinutes(10));
        await a.StopAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            statuses.Add((await gateway.Client.GetAsync(new Uri($"/api/v1/jobs/{i}", UriKind.Relative))).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(200, b.Requests.Count);
    }

    [Fact]
    public async Task Put_MasterDropsTheConnection_IsResentWithItsBodyToAnother()
    {
        await using var dying = await StandInMaster.StartAsync("dying", abortsApiCalls: true);
        await using var healthy = await StandInMaster.StartAsync("healthy");
        await using var gateway = await GatewayHost.StartAsync([dying.Address, healthy.Address], TimeSpan.FromMinutes(10));

        for (var i = 0; i < 20; i++)
        {
            var body = $$"""{"n":{{i}}}""";
            var response = await gateway.Client.PutAsync(new Uri($"/api/v1/jobs/put-{i}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["body"]);
        }

        Assert.Equal(20, healthy.Requests.Count(r => r.Method == "PUT"));
        Assert.NotEmpty(dying.Requests);
    }

    [Fact]
    public async Task Post_MasterDropsTheConnection_IsNotResent()
    {
        await using var dying = await StandInMaster.StartAsync("dying", abortsApiCalls: true);
        await using var healthy = await StandInMaster.StartAsync("healthy");
        await using var gateway = await GatewayHost.StartAsync([dying.Address, healthy.Address], TimeSpan.FromMinutes(10));

        var failed = 0;
        var succeeded = 0;
        for (var i = 0; i < 40 && failed == 0; i++)
        {
            var response = await gateway.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent($$"""{"n":{{i}}}""", Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                succeeded++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                failed++;
            }
        }

        // A POST the dying master may have acted on reaches no other master: each request was received once.
        Assert.Equal(1, failed);
        Assert.Equal(succeeded, healthy.Requests.Count);
        Assert.Single(dying.Requests);
    }

    [Fact]
    public async Task Ready_NoMasterHealthy_TurnsUnavailable()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        master.Ready = false;

        await Eventually.WaitAsync(
            async () => (await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable,
            "the gateway to report not ready", TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(new string[0], "no masters configured")]
    [InlineData(new[] { "not a url" }, "Gateway:Masters:0 ('not a url') is not an http(s) base URL")]
    [InlineData(new[] { "http://127.0.0.1:5001", "ftp://x/" }, "Gateway:Masters:1")]
    [InlineData(new[] { "http://127.0.0.1:5001/api" }, "Gateway:Masters:0")]
    [InlineData(new[] { "http://127.0.0.1:5001", "http://127.0.0.1:5001/" }, "Gateway:Masters:1 ('http://127.0.0.1:5001/') names a master already listed")]
    public void Build_BadMasters_IsRefusedNamingTheSetting(string[] masters, string message)
    {
        var args = new List<string> { $"--Security:ApiKeys:0={GatewayHost.Key}" };
        args.AddRange(masters.Select((m, i) => $"--Gateway:Masters:{i}={m}"));

        var error = Assert.Throws<OptionsValidationException>(() => GatewayApplication.Build([.. args]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
