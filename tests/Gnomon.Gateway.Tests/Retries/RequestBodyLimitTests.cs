using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gnomon.Gateway.Tests.Retries;

/// <summary>The body of an idempotent request is kept to resend it, up to Gateway:MaxRetryBodyBytes.</summary>
public sealed class RequestBodyLimitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Put_BodyOverTheLimit_Returns413ProblemAndReachesNoMaster(bool declaredLength)
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: new Dictionary<string, string> { ["Gateway:MaxRetryBodyBytes"] = "1024" });
        var body = Encoding.UTF8.GetBytes($$"""{"description":"{{new string('x', 2000)}}"}""");
        HttpContent content = declaredLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        if (!declaredLength)
        {
            // Without a length the body goes chunked, and only counting it tells that it is too long.
            content.Headers.ContentLength = null;
        }

        var response = await gateway.Client.PutAsync(new Uri("/api/v1/jobs/big", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Gateway:MaxRetryBodyBytes", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        Assert.Empty(master.Requests);
    }

    [Fact]
    public async Task Put_BodyAtTheLimit_IsPassedOnWhole()
    {
        await using var master = await StandInMaster.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync([master.Address], settings: new Dictionary<string, string> { ["Gateway:MaxRetryBodyBytes"] = "1024" });
        var body = $$"""{"d":"{{new string('y', 1024 - 8)}}"}""";
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(body));

        var response = await gateway.Client.PutAsync(new Uri("/api/v1/jobs/at-limit", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(master.Requests).Body);
    }
}
