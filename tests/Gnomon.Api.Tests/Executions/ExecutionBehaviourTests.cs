using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Executions;

/// <summary>Retries, timeouts, cancellation, pause/resume, manual triggers and forbid, observed through the API alone.</summary>
public sealed class ExecutionBehaviourTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task HttpJob_TargetFailsTwice_SucceedsOnTheThirdAttempt()
    {
        await using var target = await TargetServer.StartAsync();
        target.FailFirst(2);
        var name = ApiJson.UniqueName("retry");
        var body = JobBodies.Http(name, target.Url("/flaky"));
        body["retry"] = new JsonObject { ["maxAttempts"] = 3, ["backoffSeconds"] = 0.2 };
        var job = await _client.CreateJobAsync(body);
        Assert.Equal(0.2, (double)job["retry"]!["backoffSeconds"]!);

        var id = (string)(await _client.TriggerAsync(name))["id"]!;

        var execution = await _client.WaitForExecutionAsync(id, ApiJson.IsFinished, "the retried execution to finish");
        Assert.Equal("succeeded", (string?)execution["status"]);
        Assert.Equal(3, (int)execution["attempt"]!);
        Assert.Equal(3, (int)execution["maxAttempts"]!);
        Assert.Equal(200, (int)execution["result"]!["httpStatus"]!);
        var attempts = execution["attempts"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["failed", "failed", "succeeded"], attempts.Select(a => (string)a["status"]!));
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a["attempt"]!));
        Assert.All(attempts.Take(2), a => Assert.False(string.IsNullOrEmpty((string?)a["error"])));
        Assert.Null(attempts[2]["error"]);
        Assert.Equal([500, 500, 200], target.Calls.Select(c => c.Status ?? 0));
        Assert.All(target.Calls, c => Assert.Equal("POST", c.Method));
        Assert.All(target.Calls.Zip(target.Calls.Skip(1)), p => Assert.True(p.Second.ArrivedAt - p.First.ArrivedAt >= TimeSpan.FromMilliseconds(100), "a backoff separates attempts"));
    }

    [Fact]
    public async Task HttpJob_CallLongerThanTimeout_IsTimedOutAndTheCallAborted()
    {
        await using var target = await TargetServer.StartAsync();
        target.DelayEachCall(TimeSpan.FromSeconds(5));
        var name = ApiJson.UniqueName("timeout");
        var body = JobBodies.Http(name, target.Url("/slow"));
        body["timeoutSeconds"] = 1;
        await _client.CreateJobAsync(body);

        var id = (string)(await _client.TriggerAsync(name))["id"]!;

        var execution = await _client.WaitForExecutionAsync(id, ApiJson.IsFinished, "the slow execution to finish", TimeSpan.FromSeconds(15));
        Assert.Equal("timedOut", (string?)execution["status"]);
        var duration = ApiJson.Instant(execution["finishedAt"]) - ApiJson.Instant(execution["startedAt"]);
        Assert.InRange(duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Equal(["timedOut"], execution["attempts"]!.AsArray().Select(a => (string)a!["status"]!));
        var call = Assert.Single(target.Calls);
        await Eventually.WaitAsync(() => Task.FromResult(call.Aborted), "the target to see its request aborted", TimeSpan.FromSeconds(5));
        Assert.True(call.EndedAt!.Value - call.ArrivedAt < TimeSpan.FromSeconds(4), $"aborted after {call.EndedAt - call.ArrivedAt}");
    }

    [Fact]
    public async Task CancelExecution_RunningSleep_Returns202AndStopsItWithin2Seconds()
    {
        var name = ApiJson.UniqueName("cancel");
        await _client.CreateJobAsync(JobBodies.Sleep(name, 30_000));
        var id = (string)(await _client.TriggerAsync(name))["id"]!;
        await _client.WaitForExecutionAsync(id, e => (string?)e["status"] == "running", "the sleep to be running");

        var response = await _client.PostAsync($"/api/v1/executions/{id}/cancel", null);
        var requestedAt = TimeProvider.System.GetUtcNow();

        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(id, (string?)accepted["id"]);
        var cancelled = await _client.WaitForExecutionAsync(id, ApiJson.IsFinished, "the cancelled sleep to stop", TimeSpan.FromSeconds(2));
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.False(string.IsNullOrEmpty((string?)cancelled["reason"]));
        Assert.True(ApiJson.Instant(cancelled["finishedAt"]) - requestedAt < TimeSpan.FromSeconds(2));
        await (await _client.PostAsync($"/api/v1/executions/{id}/cancel", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CancelExecution_PendingRetry_Returns202AndCancelsAtOnce()
    {
        // Nothing listens on port 1: the first attempt fails and the retry waits a minute as pending.
        var name = ApiJson.UniqueName("cancel-pending");
        var body = JobBodies.Http(name, new Uri("http://127.0.0.1:1/"));
        body["retry"] = new JsonObject { ["maxAttempts"] = 2, ["backoffSeconds"] = 60 };
        await _client.CreateJobAsync(body);
        var id = (string)(await _client.TriggerAsync(name))["id"]!;
        var pending = await _client.WaitForExecutionAsync(
            id, e => (string?)e["status"] == "pending" && e["attempts"]!.AsArray().Count == 1 || ApiJson.IsFinished(e), "the retry to wait as pending");
        Assert.Equal("pending", (string?)pending["status"]);
        Assert.True(ApiJson.Instant(pending["notBefore"]) > TimeProvider.System.GetUtcNow().AddSeconds(30), "the retry waits for its backoff");

        var response = await _client.PostAsync($"/api/v1/executions/{id}/cancel", null);

        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("cancelled", (string?)accepted["status"]);
        var cancelled = await _client.GetExecutionAsync(id);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("failed", (string?)cancelled["attempts"]![0]!["status"]);
    }

    [Fact]
    public async Task PauseJob_EverySecondCron_StopsFiringAndResumeRestartsIt()
    {
        var name = ApiJson.UniqueName("pause");
        await _client.CreateJobAsync(JobBodies.Handler(name, cron: "*/1 * * * * *"));
        await Eventually.WaitAsync(() => _client.ListExecutionsAsync(name), l => l.Count(e => (string?)e["status"] == "succeeded") >= 2, "the job to fire twice");

        await (await _client.PostAsync($"/api/v1/jobs/{name}/pause", null)).ExpectAsync(HttpStatusCode.OK);
        var pausedAt = TimeProvider.System.GetUtcNow();
        // Slots materialised ahead of the pause may still be listed; none may be created afterwards.
        var atPause = (await _client.ListExecutionsAsync(name)).Count;

        await Consistently.HoldsAsync(() => _client.ListExecutionsAsync(name), l => l.Count == atPause, TimeSpan.FromSeconds(3), "no execution is created while paused");
        var whilePaused = await _client.ListExecutionsAsync(name);
        Assert.DoesNotContain(whilePaused, e => (string?)e["status"] is "succeeded" && ApiJson.Instant(e["scheduledAt"]) > pausedAt.AddSeconds(1));

        await (await _client.PostAsync($"/api/v1/jobs/{name}/resume", null)).ExpectAsync(HttpStatusCode.OK);
        var resumedAt = TimeProvider.System.GetUtcNow();

        var after = await Eventually.WaitAsync(
            () => _client.ListExecutionsAsync(name),
            l => l.Count(e => (string?)e["status"] == "succeeded" && ApiJson.Instant(e["scheduledAt"]) >= resumedAt.AddSeconds(-1)) >= 2,
            "the job to fire again after resume",
            TimeSpan.FromSeconds(10));
        // Resume restarts from now: the paused seconds are not made up afterwards.
        Assert.DoesNotContain(after, e => ApiJson.Instant(e["scheduledAt"]) > pausedAt.AddSeconds(1.5) && ApiJson.Instant(e["scheduledAt"]) < resumedAt.AddSeconds(-1.5));
        await (await _client.PostAsync($"/api/v1/jobs/{name}/pause", null)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TriggerJob_Noop_Returns202AndRunsAtOnceAsManual()
    {
        var name = ApiJson.UniqueName("trigger");
        var job = await _client.CreateJobAsync(JobBodies.Handler(name));
        var before = TimeProvider.System.GetUtcNow();

        var response = await _client.PostAsync($"/api/v1/jobs/{name}/trigger", ApiJson.Json("{\"payload\":{\"x\":1}}"));

        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        var id = (string)accepted["id"]!;
        Assert.Equal($"/api/v1/executions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("manual", (string?)accepted["trigger"]);
        Assert.Equal((string?)job["id"], (string?)accepted["jobId"]);
        Assert.Equal(name, (string?)accepted["jobName"]);
        Assert.Contains((string?)accepted["status"], new[] { "pending", "running", "succeeded" });
        var done = await _client.WaitForExecutionAsync(id, ApiJson.IsFinished, "the triggered execution to finish", TimeSpan.FromSeconds(5));
        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.Equal("manual", (string?)done["trigger"]);
        Assert.True(ApiJson.Instant(done["startedAt"]) - before < TimeSpan.FromSeconds(2), "a trigger runs at once");
        Assert.NotNull(done["workerId"]);
        Assert.True((long)done["durationMs"]! >= 0);
        foreach (var key in new[] { "id", "jobId", "jobName", "trigger", "scheduledAt", "status", "reason", "priority", "queue", "attempt", "maxAttempts", "notBefore", "workerId", "startedAt", "finishedAt", "durationMs", "result", "output", "error", "attempts" })
        {
            Assert.True(done.ContainsKey(key), $"the execution has '{key}'");
        }

        var listed = await (await _client.GetAsync($"/api/v1/executions?jobId={name}&status=succeeded")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([id], listed["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task ForbidPolicy_SlowJobEverySecond_SkipsOverlappingSlotsWithAReasonAndNeverOverlaps()
    {
        var name = ApiJson.UniqueName("forbid");
        var body = JobBodies.Sleep(name, 2500, cron: "* * * * * *");
        body["concurrencyPolicy"] = "forbid";
        await _client.CreateJobAsync(body);

        await Eventually.WaitAsync(
            () => _client.ListExecutionsAsync(name),
            l => l.Count(e => (string?)e["status"] == "succeeded") >= 2 && l.Count(e => (string?)e["status"] == "skipped") >= 2,
            "two runs and two skipped slots",
            TimeSpan.FromSeconds(20));
        await (await _client.PostAsync($"/api/v1/jobs/{name}/pause", null)).ExpectAsync(HttpStatusCode.OK);
        var all = await Eventually.WaitAsync(() => _client.ListExecutionsAsync(name), l => l.All(ApiJson.IsFinished), "every execution to finish", TimeSpan.FromSeconds(10));

        var skipped = all.Where(e => (string?)e["status"] == "skipped").ToList();
        Assert.All(skipped, e => Assert.Contains("forbid", (string?)e["reason"] ?? "", StringComparison.OrdinalIgnoreCase));
        var ran = all.Where(e => e["startedAt"] is not null)
            .Select(e => (Start: ApiJson.Instant(e["startedAt"]), End: ApiJson.Instant(e["finishedAt"]), Id: (string)e["id"]!))
            .OrderBy(r => r.Start).ToList();
        Assert.True(ran.Count >= 2);
        Assert.All(ran.Zip(ran.Skip(1)), p => Assert.True(p.Second.Start >= p.First.End, $"{p.First.Id} [{p.First.Start:O}, {p.First.End:O}] overlaps {p.Second.Id} starting {p.Second.Start:O}"));
        var scheduled = all.Select(e => (string)e["scheduledAt"]!).ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
    }
}
