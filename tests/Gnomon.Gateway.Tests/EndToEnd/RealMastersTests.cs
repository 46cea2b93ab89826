using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gnomon.Testing;

namespace Gnomon.Gateway.Tests.EndToEnd;

/// <summary>The gateway in front of two real masters sharing one real PostgreSQL.</summary>
public sealed class RealMastersTests
{
    private const string Job = """{"name":"through-the-gateway","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"handler","handler":"noop"}}""";

    [Fact]
    public async Task Get_ThousandWhileOneMasterStops_NoneFails()
    {
        var database = await TestDatabase.CreateAsync();
        await using var first = await MasterNode.StartAsync(database);
        await using var second = await MasterNode.StartAsync(database);
        // The rate limit is off: 1,001 requests from one key inside a second would otherwise meet its default budget.
        await using var gateway = await GatewayHost.StartAsync([first.Address, second.Address], settings: new Dictionary<string, string> { ["Gateway:RateLimit:PermitLimit"] = "0" });
        var created = await gateway.Client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent(Job, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Four clients at once, so requests are in flight on the master at the moment it stops.
        var sent = 0;
        Task? stopping = null;
        var failures = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref sent); n <= 1000; n = Interlocked.Increment(ref sent))
            {
                if (n == 200)
                {
                    stopping = first.StopAsync();
                }

                var response = await gateway.Client.GetAsync(new Uri("/api/v1/jobs/through-the-gateway", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || (string?)JsonNode.Parse(body)?["name"] != "through-the-gateway")
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode} {body}");
                    }
                }
            }
        }));

        Assert.NotNull(stopping);
        await stopping;
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Api_KeyCheckedAtTheGatewayAndForwardedToTheMaster()
    {
        var database = await TestDatabase.CreateAsync();
        await using var master = await MasterNode.StartAsync(database);
        await using var gateway = await GatewayHost.StartAsync([master.Address]);

        var anonymous = await gateway.Anonymous.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        // The master needs the same key: a 200 means the gateway passed the client's header on unchanged.
        var keyed = await gateway.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.NotNull(JsonNode.Parse(await keyed.Content.ReadAsStringAsync())!["items"]);
    }
}
