using System.Globalization;
using System.Text.Json.Nodes;
using Gnomon.Host.Tests.Infrastructure;
using Gnomon.Testing;
using Xunit.Abstractions;

namespace Gnomon.Host.Tests;

/// <summary>
/// <c>gnomon dev</c> killed with SIGKILL and started again on the same data directory: the real binary, real
/// signals, real elapsed time.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    // The banner's last line: the lines before it (the URL, the embedded PostgreSQL's port) have all been written.
    private const string BannerEnd = "Press Ctrl+C to stop.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(1);

    // Short leases so the killed worker's execution is taken back soon after the restart; a short grace so the
    // clean stop does not wait for the 20 s sleep.
    private static string[] DevArguments(DevDataDirectory data, int port) =>
    [
        "dev", "--data-dir", data.Path, "--port", port.ToString(CultureInfo.InvariantCulture),
        "--Worker:LeaseDuration=00:00:03",
        "--Scheduler:MisfireThreshold=00:00:01",
        "--Worker:ShutdownGrace=00:00:01",
    ];

    [Fact]
    public async Task Dev_KilledAndRestarted_KeepsJobsRetriesRunningWorkAndAppliesMisfirePolicies()
    {
        await using var data = new DevDataDirectory();
        var port = FreePort.Next();
        using var api = new GnomonApi(port);
        string[] jobs = ["every-second-run-once", "every-second-skip", "every-minute", "long-sleep"];

        DateTimeOffset killedAt;
        string sleepId;
        await using (var first = GnomonProcess.Start(data.WorkingDirectory, DevArguments(data, port)))
        {
            await first.WaitForOutputAsync(BannerEnd, StartTimeout);
            await api.CreateJobAsync("""{"name":"every-second-run-once","schedule":{"cron":"*/1 * * * * *"},"executor":{"type":"handler","handler":"noop"},"misfirePolicy":"runOnce"}""");
            await api.CreateJobAsync("""{"name":"every-second-skip","schedule":{"cron":"*/1 * * * * *"},"executor":{"type":"handler","handler":"noop"},"misfirePolicy":"skip"}""");
            await api.CreateJobAsync("""{"name":"every-minute","schedule":{"cron":"0 * * * * *"},"executor":{"type":"handler","handler":"noop"}}""");
            await api.CreateJobAsync("""{"name":"long-sleep","schedule":{"cron":"0 0 1 1 *"},"executor":{"type":"handler","handler":"sleep"},"retry":{"maxAttempts":1}}""");
            var triggered = await api.TriggerAsync("long-sleep", """{"payload":{"milliseconds":20000}}""");
            sleepId = Text(triggered, "id");

            await Eventually.WaitAsync(async () => Text(await api.GetExecutionAsync(sleepId), "status"), s => s == "running", "the sleep execution to run");
            await Eventually.WaitAsync(
                async () => (await api.ExecutionsOfAsync("every-second-run-once")).Count(e => Text(e, "status") == "succeeded") >= 2
                    && (await api.ExecutionsOfAsync("every-second-skip")).Count(e => Text(e, "status") == "succeeded") >= 2,
                "both every-second jobs to have run");

            killedAt = TimeProvider.System.GetUtcNow();
            await first.KillAsync();
        }

        Assert.NotEmpty(data.PostgresProcesses());

        // Staying down for a while of real time is the point: slots go by with no scheduler, the lease runs out.
        var downFor = killedAt + TimeSpan.FromSeconds(8) - TimeProvider.System.GetUtcNow();
        if (downFor > TimeSpan.Zero)
        {
            await Task.Delay(downFor);
        }

        await using var second = GnomonProcess.Start(data.WorkingDirectory, DevArguments(data, port));
        await second.WaitForOutputAsync(BannerEnd, StartTimeout);
        var restartedAt = TimeProvider.System.GetUtcNow();

        foreach (var job in jobs)
        {
            Assert.True(await api.GetJobAsync(job) is not null, $"job {job} is gone after the restart");
        }

        // The execution the killed worker was running is taken back once its lease expires, and retried as attempt 2.
        var retried = await Eventually.WaitAsync(
            () => api.GetExecutionAsync(sleepId),
            e => e["attempts"]!.AsArray().Count >= 2,
            "the interrupted execution to start its second attempt");
        var attempts = retried["attempts"]!.AsArray();
        Assert.Equal(1, attempts[0]!["attempt"]!.GetValue<int>());
        Assert.Equal("failed", Text(attempts[0]!, "status"));
        Assert.StartsWith("lease expired", Text(attempts[0]!, "error"), StringComparison.Ordinal);
        Assert.Equal(2, attempts[1]!["attempt"]!.GetValue<int>());
        Assert.NotNull(attempts[1]!["startedAt"]);
        Assert.Equal(2, retried["attempt"]!.GetValue<int>());

        // Wait until the missed slots are planned and the one runOnce keeps has run.
        var (runOnce, skip) = await Eventually.WaitAsync(
            async () => (await api.ExecutionsOfAsync("every-second-run-once"), await api.ExecutionsOfAsync("every-second-skip")),
            lists => MissedSlotRan(lists.Item1) && lists.Item2.Any(e => Text(e, "status") == "succeeded" && At(e, "scheduledAt") > restartedAt),
            "the missed slots to be handled");

        foreach (var job in jobs)
        {
            AssertEachSlotOnce(job, job switch
            {
                "every-second-run-once" => runOnce,
                "every-second-skip" => skip,
                _ => await api.ExecutionsOfAsync(job),
            });
        }

        // runOnce: the missed slots but the latest are skipped, visibly and for the stated reason; the latest ran, late.
        var runOnceSkipped = SkippedSlots(runOnce);
        Assert.True(runOnceSkipped.Count >= 2, $"expected several skipped slots after {killedAt:O}, got {runOnceSkipped.Count}");
        Assert.All(runOnceSkipped, e => Assert.Contains("misfire", Text(e, "reason"), StringComparison.Ordinal));
        Assert.All(runOnceSkipped, e => Assert.True(At(e, "scheduledAt") > killedAt, $"slot {Text(e, "scheduledAt")} skipped though it was before the kill"));
        var ranLate = SlotAfter(runOnce, runOnceSkipped[^1]);
        Assert.Equal("succeeded", Text(ranLate, "status"));
        Assert.True(At(ranLate, "startedAt") - At(ranLate, "scheduledAt") >= MisfireThreshold,
            $"the slot runOnce kept ({Text(ranLate, "scheduledAt")}) should be a missed one, but started at {Text(ranLate, "startedAt")}");

        output.WriteLine($"killed at {killedAt:O}, restarted at {restartedAt:O}");
        output.WriteLine($"runOnce skipped {Text(runOnceSkipped[0], "scheduledAt")} … {Text(runOnceSkipped[^1], "scheduledAt")} ({runOnceSkipped.Count}), ran {Text(ranLate, "scheduledAt")} at {Text(ranLate, "startedAt")}");

        // skip: the same missed instant that runOnce ran is skipped here, and no missed slot ran at all.
        var skipSkipped = SkippedSlots(skip);
        Assert.All(skipSkipped, e => Assert.Contains("misfire", Text(e, "reason"), StringComparison.Ordinal));
        Assert.Contains(skipSkipped, e => At(e, "scheduledAt") == At(ranLate, "scheduledAt"));
        output.WriteLine($"skip skipped {Text(skipSkipped[0], "scheduledAt")} … {Text(skipSkipped[^1], "scheduledAt")} ({skipSkipped.Count})");
        Assert.DoesNotContain(skip, e => Text(e, "status") != "skipped"
            && At(e, "scheduledAt") > At(skipSkipped[0], "scheduledAt") && At(e, "scheduledAt") < At(skipSkipped[^1], "scheduledAt"));

        // A clean stop: SIGTERM, exit code 0, and the embedded PostgreSQL stopped with it.
        var exitCode = await second.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM; output:\n{second.Output}");
        Assert.Empty(data.PostgresProcesses());
    }

    [Fact]
    public async Task Dev_RestartedAfterKill_AdoptsItsPostgresAndStopsItOnSigterm()
    {
        await using var data = new DevDataDirectory();
        var port = FreePort.Next();

        int firstPostgresPort;
        await using (var first = GnomonProcess.Start(data.WorkingDirectory, DevArguments(data, port)))
        {
            await first.WaitForOutputAsync(BannerEnd, StartTimeout);
            firstPostgresPort = EmbeddedPort(first.Output);
            await first.KillAsync();
        }

        var orphans = data.PostgresProcesses();
        Assert.NotEmpty(orphans);

        await using var second = GnomonProcess.Start(data.WorkingDirectory, DevArguments(data, port));
        await second.WaitForOutputAsync(BannerEnd, StartTimeout);
        Assert.Contains("Adopted the PostgreSQL server already running", second.Output, StringComparison.Ordinal);
        Assert.Equal(firstPostgresPort, EmbeddedPort(second.Output));
        Assert.Contains(orphans, pid => data.PostgresProcesses().Contains(pid));

        var exitCode = await second.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM; output:\n{second.Output}");
        Assert.Empty(data.PostgresProcesses());
    }

    private static bool MissedSlotRan(IReadOnlyList<JsonNode> executions)
    {
        var skipped = SkippedSlots(executions);
        return skipped.Count > 0 && executions.FirstOrDefault(e => At(e, "scheduledAt") == At(skipped[^1], "scheduledAt").AddSeconds(1)) is { } next
            && Text(next, "status") == "succeeded";
    }

    private static List<JsonNode> SkippedSlots(IReadOnlyList<JsonNode> executions) =>
        [.. executions.Where(e => Text(e, "status") == "skipped").OrderBy(e => At(e, "scheduledAt"))];

    private static JsonNode SlotAfter(IReadOnlyList<JsonNode> executions, JsonNode slot) =>
        executions.Single(e => At(e, "scheduledAt") == At(slot, "scheduledAt").AddSeconds(1));

    /// <summary>No slot twice, and for the every-second jobs no slot missing either: every slot is run or visibly skipped.</summary>
    private static void AssertEachSlotOnce(string job, IReadOnlyList<JsonNode> executions)
    {
        var slots = executions.Where(e => Text(e, "trigger") == "schedule").Select(e => At(e, "scheduledAt")).Order().ToList();
        var doubled = slots.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key.ToString("O", CultureInfo.InvariantCulture)).ToList();
        Assert.True(doubled.Count == 0, $"{job}: slots written twice: {string.Join(", ", doubled)}");
        if (job.StartsWith("every-second", StringComparison.Ordinal))
        {
            var gaps = slots.Zip(slots.Skip(1)).Where(p => p.Second - p.First != TimeSpan.FromSeconds(1)).Select(p => $"{p.First:O} → {p.Second:O}").ToList();
            Assert.True(gaps.Count == 0, $"{job}: slots missing without a record: {string.Join(", ", gaps)}");
        }
    }

    private static int EmbeddedPort(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, @"embedded PostgreSQL on 127\.0\.0\.1:(\d+)");
        Assert.True(match.Success, "no embedded PostgreSQL port in the output:\n" + output);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Text(JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";

    private static DateTimeOffset At(JsonNode node, string name) =>
        DateTimeOffset.Parse(Text(node, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
