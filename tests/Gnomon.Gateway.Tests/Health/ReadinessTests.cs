using System.Net;
using Gnomon.Testing;

namespace Gnomon.Gateway.Tests.Health;

/// <summary>The gateway's <c>/health/ready</c> follows its masters' <c>/health/ready</c>.</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan FastProbes = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Ready_EveryMasterUnready_TurnsUnavailableAndComesBack()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], FastProbes);
        await WaitForReadyAsync(gateway, HttpStatusCode.OK);

        // With every master down YARP still tries them all (panic mode); readiness must not be fooled by that.
        a.Ready = b.Ready = false;
        await WaitForReadyAsync(gateway, HttpStatusCode.ServiceUnavailable);

        b.Ready = true;
        await WaitForReadyAsync(gateway, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_OneOfTwoMastersUnready_StaysReadyAndRoutesAroundIt()
    {
        await using var a = await StandInMaster.StartAsync("a");
        await using var b = await StandInMaster.StartAsync("b");
        await using var gateway = await GatewayHost.StartAsync([a.Address, b.Address], FastProbes);
        a.Ready = false;
        a.ApiStatus = 503;

        // Once the probes have written it off, requests stop reaching the unready master at all.
        await Eventually.WaitAsync(
            async () =>
            {
                var before = a.Requests.Count;
                for (var i = 0; i < 10; i++)
                {
                    Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(new Uri("/api/v1/nodes", UriKind.Relative))).StatusCode);
                }

                return a.Requests.Count == before;
            },
            "requests to stop reaching the unready master",
            TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
    }

    private static Task WaitForReadyAsync(GatewayHost gateway, HttpStatusCode expected) =>
        Eventually.WaitAsync(
            async () => (await gateway.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == expected,
            $"the gateway's readiness to be {(int)expected}",
            TimeSpan.FromSeconds(20));
}
