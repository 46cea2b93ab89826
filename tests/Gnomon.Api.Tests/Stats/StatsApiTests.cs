using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Stats;

/// <summary><c>GET /api/v1/stats</c>: the minutes it answers with, its refusals, and what a worker's attempts add to it.</summary>
public sealed class StatsApiTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task GetStats_NoParameters_IsTheLastHourMinuteByMinuteEndingNow()
    {
        var before = TimeProvider.System.GetUtcNow();
        var stats = (await (await _client.GetAsync("/api/v1/stats")).ExpectAsync(HttpStatusCode.OK)).AsObject();

        var minutes = stats["minutes"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(60, minutes.Count);
        var starts = minutes.Select(m => ApiJson.Instant(m["at"])).ToList();
        Assert.All(starts.Zip(starts.Skip(1)), p => Assert.Equal(TimeSpan.FromMinutes(1), p.Second - p.First));
        Assert.Equal(starts[0], ApiJson.Instant(stats["from"]));
        Assert.InRange(ApiJson.Instant(stats["to"]) - starts[^1], TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.True(ApiJson.Instant(stats["to"]) >= before.AddSeconds(-1), "to is now");
        Assert.All(minutes.SkipLast(1), m => Assert.Equal(60, (int)m["seconds"]!));
        Assert.InRange((int)minutes[^1]["seconds"]!, 1, 60);
        Assert.Equal(10_000, (int)stats["backlog"]!["countedUpTo"]!);
        Assert.InRange((int)stats["backlog"]!["due"]!, 0, 10_000);
    }

    [Fact]
    public async Task GetStats_Minutes_AnswersThatMany()
    {
        var stats = await (await _client.GetAsync("/api/v1/stats?minutes=5")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(5, stats["minutes"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1441")]
    [InlineData("an-hour")]
    [InlineData("")]
    public async Task GetStats_MinutesNotFromOneToADay_IsRefusedNamingTheParameter(string minutes)
    {
        var errors = await (await _client.GetAsync($"/api/v1/stats?minutes={minutes}")).ExpectValidationAsync("minutes");

        Assert.Contains("1 to 1440", (string)errors["minutes"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStats_AfterExecutionsRan_CountsTheirAttemptsByOutcomeAndTheirFireLag()
    {
        await using var target = await TargetServer.StartAsync();
        target.FailFirst(int.MaxValue);
        var ok = ApiJson.UniqueName("stats-ok");
        var bad = ApiJson.UniqueName("stats-bad");
        await _client.CreateJobAsync(JobBodies.Handler(ok));
        var failing = JobBodies.Http(bad, target.Url("/down"));
        failing["retry"] = new JsonObject { ["maxAttempts"] = 2, ["backoffSeconds"] = 0.2 };
        await _client.CreateJobAsync(failing);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await _client.TriggerAsync(ok))["id"]!);
        }

        ids.Add((string)(await _client.TriggerAsync(bad))["id"]!);
        foreach (var id in ids)
        {
            await _client.WaitForExecutionAsync(id, ApiJson.IsFinished, "the execution to finish");
        }

        // Counts reach the table within the flush interval (5 s); the sum over minutes is the same wherever a minute ends.
        var totals = await Eventually.WaitAsync(
            async () => Totals((await (await _client.GetAsync("/api/v1/stats?minutes=10")).ExpectAsync(HttpStatusCode.OK)).AsObject()),
            t => t.Succeeded + t.Failed + t.Retrying >= 5,
            "the attempts to be counted",
            TimeSpan.FromSeconds(20));

        Assert.Equal((3L, 1L, 1L, 0L, 0L), (totals.Succeeded, totals.Failed, totals.Retrying, totals.TimedOut, totals.Cancelled));
        Assert.Equal(4, totals.Started);
        Assert.NotNull(totals.Lag);
        Assert.True(totals.Lag!["p50"]!.GetValue<double>() <= totals.Lag["p99"]!.GetValue<double>(), "percentiles are ordered");
    }

    private static (long Succeeded, long Failed, long Retrying, long TimedOut, long Cancelled, long Started, JsonObject? Lag) Totals(JsonObject stats)
    {
        var minutes = stats["minutes"]!.AsArray().Select(m => m!.AsObject()).ToList();
        long Sum(string field) => minutes.Sum(m => (long)m[field]!);
        return (Sum("succeeded"), Sum("failed"), Sum("retrying"), Sum("timedOut"), Sum("cancelled"), Sum("started"),
            minutes.LastOrDefault(m => m["lagMs"] is not null)?["lagMs"]?.AsObject());
    }
}
