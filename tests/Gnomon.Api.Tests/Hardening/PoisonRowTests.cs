using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 2: a job with <c>runAt: "0001-01-01T00:00:00.000Z"</c> (an unset .NET date) was accepted, and its
/// execution, due at <c>-infinity</c>, failed every claim of its queue (<c>22008: cannot subtract infinite timestamps</c>)
/// until it was deleted. Such instants are refused at the API; and whatever gets into the tables, one row cannot stop a
/// claim, a materialisation or the reaper: it is failed with a reason and the rest carries on.
/// </summary>
public sealed class PoisonRowTests
{
    private const string Infinite = "-infinity";

    [Theory]
    [InlineData("runAt", "0001-01-01T00:00:00.000Z")]
    [InlineData("runAt", "1999-12-31T23:59:59.999Z")]
    [InlineData("startAt", "0001-01-01T00:00:00.000Z")]
    [InlineData("endAt", "0001-01-01T00:00:00.000Z")]
    public async Task CreateJob_InstantOutsideTheSupportedRange_Returns400NamingTheField(string field, string instant)
    {
        await using var host = await GnomonTestHost.StartAsync();
        var name = ApiJson.UniqueName("ancient");
        var job = JobBodies.Handler(name);
        job["schedule"] = field == "runAt"
            ? new JsonObject { ["runAt"] = instant }
            : new JsonObject { ["cron"] = "* * * * * *", [field] = instant };

        var created = await host.Client.PostAsync("/api/v1/jobs", ApiJson.Json(job));
        var previewed = await host.Client.PostAsync("/api/v1/schedules/preview", ApiJson.Json(new JsonObject { ["schedule"] = job["schedule"]!.DeepClone() }));

        var errors = await created.ExpectValidationAsync($"schedule.{field}");
        Assert.Contains("2000-01-01", (string)errors[$"schedule.{field}"]![0]!, StringComparison.Ordinal);
        await previewed.ExpectValidationAsync($"schedule.{field}");
        await (await host.Client.GetAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Claim_PendingRowsNoClaimCanTake_AreSetAsideAndTheQueueRunsOn()
    {
        await using var host = await GnomonTestHost.StartAsync();
        var ticker = await EverySecondJob.StartAsync(host.Client);
        var job = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("victim")));
        var jobId = Guid.Parse((string)job["id"]!);

        var infinite = await InsertExecutionAsync(host, jobId, $"'{Infinite}'", "0");
        var ancient = await InsertExecutionAsync(host, jobId, "'0001-01-01T00:00:00Z'", "0");
        var exhausted = await InsertExecutionAsync(host, jobId, "now()", "2147483647");
        var healthy = await InsertExecutionAsync(host, jobId, "now()", "0");
        await Sql.ExecuteAsync(host.ConnectionString, "select pg_notify('gnomon_executions', 'default')");

        foreach (var (id, why) in new[] { (infinite, "outside"), (ancient, "outside"), (exhausted, "22003") })
        {
            var execution = await host.Client.WaitForExecutionAsync(id.ToString(), ApiJson.IsFinished, $"the unclaimable execution {id} to be set aside");
            Assert.Equal("failed", (string?)execution["status"]);
            Assert.StartsWith("set aside:", (string?)execution["reason"], StringComparison.Ordinal);
            Assert.Contains(why, (string?)execution["reason"], StringComparison.Ordinal);
        }

        var ran = await host.Client.WaitForExecutionAsync(healthy.ToString(), ApiJson.IsFinished, "the healthy execution beside them to run");
        Assert.Equal("succeeded", (string?)ran["status"]);
        await AssertStillFiringAsync(host.Client, ticker);
    }

    [Fact]
    public async Task Claim_ExecutionOfAJobWhoseExecutorNoWorkerReads_IsSetAside()
    {
        await using var host = await GnomonTestHost.StartAsync();
        var job = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("garbled")));
        var jobId = Guid.Parse((string)job["id"]!);
        await Sql.ExecuteAsync(host.ConnectionString, """update gnomon_jobs set executor = '{"type":"teleport"}' where id = $1""", jobId);

        var id = await InsertExecutionAsync(host, jobId, "now()", "0");
        await Sql.ExecuteAsync(host.ConnectionString, "select pg_notify('gnomon_executions', 'default')");

        var execution = await host.Client.WaitForExecutionAsync(id.ToString(), ApiJson.IsFinished, "the unreadable execution to be set aside");
        Assert.Equal("failed", (string?)execution["status"]);
        Assert.Contains("reading the claimed execution", (string?)execution["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Materialise_JobsNoPlanCanBeMadeFor_AreSetAsideAndOthersFire()
    {
        await using var host = await GnomonTestHost.StartAsync();
        var ticker = await EverySecondJob.StartAsync(host.Client);
        var infinite = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("next-infinite")));
        var uncompilable = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("bad-cron")));
        var unreadable = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("bad-json")));
        await Sql.ExecuteAsync(host.ConnectionString, $"update gnomon_job_fires set next_fire_at = '{Infinite}' where job_id = $1", Guid.Parse((string)infinite["id"]!));
        await Sql.ExecuteAsync(host.ConnectionString, """
            update gnomon_jobs set schedule = '{"cron":"not a cron"}', version = version + 1 where id = $1
            """, Guid.Parse((string)uncompilable["id"]!));
        await Sql.ExecuteAsync(host.ConnectionString, """
            update gnomon_jobs set schedule = '{"cron":17}', version = version + 1 where id = $1
            """, Guid.Parse((string)unreadable["id"]!));
        await Sql.ExecuteAsync(host.ConnectionString, "update gnomon_job_fires set next_fire_at = now() where job_id = any($1)",
            new[] { uncompilable, unreadable }.Select(j => Guid.Parse((string)j["id"]!)).ToArray());
        await Sql.ExecuteAsync(host.ConnectionString, "select pg_notify('gnomon_jobs', $1)",
            string.Join(',', new[] { infinite, uncompilable, unreadable }.Select(j => (string)j["id"]!)));

        foreach (var (job, why) in new[] { (infinite, "next fire"), (uncompilable, "no longer compiles"), (unreadable, "reading the job") })
        {
            var name = (string)job["name"]!;
            var failed = await Eventually.WaitAsync(
                () => RecentExecutionsAsync(host.Client, name),
                list => list.Any(e => (string?)e["status"] == "failed"),
                $"the job {name} to be set aside with a failed execution");
            var reason = (string?)failed.Single(e => (string?)e["status"] == "failed")["reason"];
            Assert.StartsWith("set aside:", reason, StringComparison.Ordinal);
            Assert.Contains(why, reason, StringComparison.Ordinal);
        }

        var stopped = await (await host.Client.GetAsync($"/api/v1/jobs/{(string)infinite["name"]!}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(stopped["nextFireAt"]);
        await AssertStillFiringAsync(host.Client, ticker);
    }

    [Fact]
    public async Task Reap_ExpiredLeaseOnARowTheReaperCannotUpdate_IsSetAsideAndTheOthersAreTakenBack()
    {
        await using var host = await GnomonTestHost.StartAsync();
        var job = await host.Client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("lost")));
        var jobId = Guid.Parse((string)job["id"]!);
        var poisoned = await InsertExpiredRunningAsync(host, jobId, lostLeases: int.MaxValue);
        var ordinary = await InsertExpiredRunningAsync(host, jobId, lostLeases: 0);

        var asideExecution = await host.Client.WaitForExecutionAsync(poisoned.ToString(), ApiJson.IsFinished, "the unreapable execution to be set aside");
        var recovered = await host.Client.WaitForExecutionAsync(ordinary.ToString(), ApiJson.IsFinished, "the ordinary lost execution to be retried and run");

        Assert.Equal("failed", (string?)asideExecution["status"]);
        Assert.Contains("taking back the expired lease", (string?)asideExecution["reason"], StringComparison.Ordinal);
        Assert.Equal("succeeded", (string?)recovered["status"]);
        Assert.Equal(2, (int)recovered["attempt"]!);
    }

    private static async Task<Guid> InsertExecutionAsync(GnomonTestHost host, Guid jobId, string instant, string attempt)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(host.ConnectionString, $"""
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, attempt, max_attempts)
            select $1, j.id, j.name, 1, {instant}, {instant}, 0, 0, 'default', {attempt}, 1 from gnomon_jobs j where j.id = $2
            """, id, jobId);
        await TestDispatch.LiftLiveRowsAsync(host.ConnectionString);
        return id;
    }

    private static async Task<Guid> InsertExpiredRunningAsync(GnomonTestHost host, Guid jobId, int lostLeases)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(host.ConnectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, attempt, max_attempts,
                lost_leases, worker_id, lease_expires_at, started_at)
            select $1, j.id, j.name, 1, now() - interval '1 minute', now() - interval '1 minute', 2, 0, 'default', 1, 1,
                $3, $4, now() - interval '10 seconds', now() - interval '1 minute'
            from gnomon_jobs j where j.id = $2
            """, id, jobId, lostLeases, Guid.CreateVersion7());
        await TestDispatch.LiftLiveRowsAsync(host.ConnectionString);
        return id;
    }

    /// <summary>The newest executions of every job with this name, without reading the job row (some are unreadable on purpose).</summary>
    private static async Task<List<JsonObject>> RecentExecutionsAsync(HttpClient client, string jobName)
    {
        var page = await (await client.GetAsync("/api/v1/executions?limit=500")).ExpectAsync(HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(i => i!.AsObject()).Where(e => (string?)e["jobName"] == jobName)];
    }

    /// <summary>The every-second job still runs new slots after the bad rows were met.</summary>
    private static async Task AssertStillFiringAsync(HttpClient client, string ticker)
    {
        var now = TimeProvider.System.GetUtcNow();
        await Eventually.WaitAsync(
            async () => (await client.ListExecutionsAsync(ticker)).Count(e => (string?)e["status"] == "succeeded" && ApiJson.Instant(e["scheduledAt"]) > now) >= 2,
            "the every-second job to keep running");
    }
}
