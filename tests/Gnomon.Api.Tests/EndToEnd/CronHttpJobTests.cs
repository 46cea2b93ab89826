using System.Net;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.EndToEnd;

/// <summary>A cron HTTP job runs for 20 s against a real target: every slot fires exactly once, on time.</summary>
[Collection(TimingCollection.Name)]
public sealed class CronHttpJobTests
{
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CronEveryTwoSeconds_For20Seconds_FiresEverySlotExactlyOnceOnTime()
    {
        await using var host = await GnomonTestHost.StartAsync();
        await using var target = await TargetServer.StartAsync();
        var client = host.Client;
        var name = ApiJson.UniqueName("e2e");
        await client.CreateJobAsync(JobBodies.Http(name, target.Url("/tick"), cron: "*/2 * * * * *"));
        var started = TimeProvider.System.GetUtcNow();

        await Eventually.WaitAsync(
            () => Task.FromResult(TimeProvider.System.GetUtcNow() - started >= TimeSpan.FromSeconds(20)), "20 seconds of firing", TimeSpan.FromSeconds(25));
        await (await client.PostAsync($"/api/v1/jobs/{name}/pause", null)).ExpectAsync(HttpStatusCode.OK);
        var pausedAt = TimeProvider.System.GetUtcNow();
        var all = await Eventually.WaitAsync(
            () => client.ListExecutionsAsync(name), l => l.All(e => ApiJson.IsFinished(e) || (string?)e["status"] == "pending" && ApiJson.Instant(e["scheduledAt"]) > pausedAt), "the last run to finish", TimeSpan.FromSeconds(10));

        var ran = all.Where(e => e["startedAt"] is not null).OrderBy(e => ApiJson.Instant(e["scheduledAt"])).ToList();
        Assert.All(all.Where(e => ApiJson.Instant(e["scheduledAt"]) <= pausedAt.AddSeconds(-1)), e => Assert.Equal("succeeded", (string?)e["status"]));
        Assert.All(ran, e => Assert.Equal("succeeded", (string?)e["status"]));
        Assert.All(ran, e => Assert.Equal("schedule", (string?)e["trigger"]));
        Assert.InRange(ran.Count, 9, 12);
        var slots = ran.Select(e => ApiJson.Instant(e["scheduledAt"])).ToList();
        Assert.All(slots, s => Assert.Equal(0, s.ToUnixTimeMilliseconds() % 2000));
        var expected = Enumerable.Range(0, (int)((slots[^1] - slots[0]) / Slot) + 1).Select(i => slots[0] + (Slot * i)).ToList();
        Assert.Equal(expected, slots);
        foreach (var execution in ran)
        {
            var lateness = ApiJson.Instant(execution["startedAt"]) - ApiJson.Instant(execution["scheduledAt"]);
            // Never before the instant: the worker waits for its own clock, which is also the one startedAt records.
            Assert.True(lateness >= TimeSpan.Zero && lateness < TimeSpan.FromSeconds(1), $"{execution["scheduledAt"]} started {lateness.TotalMilliseconds} ms late");
            Assert.Equal(200, (int)execution["result"]!["httpStatus"]!);
        }

        // The target saw the same slots: one call each, in order, none before its instant and each before the next slot.
        var calls = target.Calls;
        Assert.Equal(ran.Count, calls.Count);
        var arrivals = calls.Zip(ran, (c, e) => (Call: c, Slot: ApiJson.Instant(e["scheduledAt"]), Started: ApiJson.Instant(e["startedAt"]))).ToList();
        Assert.All(arrivals, a => Assert.True(
            a.Call.ArrivedAt >= a.Slot && a.Call.ArrivedAt < a.Slot + Slot,
            $"call for {a.Slot:O} arrived {a.Call.ArrivedAt:O} (startedAt {a.Started:O})"));
    }
}
