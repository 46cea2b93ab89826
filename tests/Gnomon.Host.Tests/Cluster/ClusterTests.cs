using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gnomon.Testing;

namespace Gnomon.Host.Tests.Cluster;

/// <summary>The cluster under real signals: masters, workers and a gateway as separate processes on one database.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests
{
    private static readonly TimeSpan WorkerLease = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task WorkerKilledMidExecution_FinishesOnAnotherWorkerAsAttempt2()
    {
        await using var cluster = await LocalCluster.StartAsync(1, 2, false, $"--Worker:LeaseDuration={WorkerLease}");
        var duration = TimeSpan.FromSeconds(4);
        var execution = await TriggerSleepAsync(cluster, "long-run", duration);
        var running = await WaitForAsync(cluster, execution, e => (string?)e["status"] == "running", "the execution to run");
        var first = Guid.Parse((string)running["workerId"]!);

        var killedAt = Stopwatch.StartNew();
        await cluster.KillAsync(cluster.NameOfPid(await cluster.PidOfNodeAsync(first)));

        var done = await WaitForAsync(cluster, execution, e => (string?)e["status"] == "succeeded", "the execution to finish elsewhere", TimeSpan.FromSeconds(60));
        var elapsed = killedAt.Elapsed;
        Assert.Equal(2, (int)done["attempt"]!);
        var attempts = done["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(first, Guid.Parse((string)attempts[0]!["workerId"]!));
        Assert.NotEqual(first, Guid.Parse((string)attempts[1]!["workerId"]!));
        Assert.Equal("succeeded", (string?)attempts[1]!["status"]);
        // Lease TTL, the reaper's one-second pass, and the work itself, with room for a slow machine.
        Assert.True(elapsed < WorkerLease + TimeSpan.FromSeconds(1) + duration + TimeSpan.FromSeconds(5), $"finished {elapsed} after the kill");
    }

    [Fact]
    public async Task WorkerStoppedPastItsLease_LateCompletionIsRejectedAndTheNewAttemptStands()
    {
        await using var cluster = await LocalCluster.StartAsync(1, 2, false, $"--Worker:LeaseDuration={WorkerLease}");
        var execution = await TriggerSleepAsync(cluster, "stopped-worker", TimeSpan.FromSeconds(4));
        var running = await WaitForAsync(cluster, execution, e => (string?)e["status"] == "running", "the execution to run");
        var first = Guid.Parse((string)running["workerId"]!);
        var stopped = cluster.NameOfPid(await cluster.PidOfNodeAsync(first));

        await cluster.SignalAsync(stopped, "STOP");
        var retried = await WaitForAsync(cluster, execution, e => (int)e["attempt"]! == 2 && (string?)e["status"] is "running" or "succeeded",
            "the second attempt on the other worker", TimeSpan.FromSeconds(30));
        Assert.NotEqual(first, Guid.Parse((string)retried["workerId"]!));
        await cluster.SignalAsync(stopped, "CONT");

        var final = await WaitForAsync(cluster, execution,
            e => (string?)e["status"] == "succeeded" && ((string?)e["attempts"]![0]!["lateReport"])?.Contains("late completion rejected", StringComparison.Ordinal) == true,
            "the old worker's completion to be rejected and recorded", TimeSpan.FromSeconds(60));
        Assert.Equal(2, (int)final["attempt"]!);
        Assert.NotEqual(first, Guid.Parse((string)final["workerId"]!));
        // The first attempt stays as the reaper closed it: one succeeded attempt, never two.
        Assert.Equal("failed", (string?)final["attempts"]![0]!["status"]);
        Assert.Contains("lease expired", (string?)final["attempts"]![0]!["error"], StringComparison.Ordinal);
        // What it reported depends on when it noticed: a success, or its own stop on finding the lease lost.
        Assert.Matches("the worker reported (succeeded|failed: stopped: this worker lost the execution's lease) at ", (string?)final["attempts"]![0]!["lateReport"]);
        Assert.Equal("succeeded", (string?)final["attempts"]![1]!["status"]);
    }

    [Fact]
    public async Task MasterKilledWhile50JobsFireEverySecond_SurvivorTakesOverAndNoSlotRunsTwice()
    {
        await using var cluster = await LocalCluster.StartAsync(2, 2);
        var jobs = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var name = $"every-second-{i:D2}";
            (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
            {
                name,
                schedule = new { cron = "* * * * * *" },
                executor = new { type = "handler", handler = "noop" },
            })).EnsureSuccessStatusCode();
            jobs.Add(name);
        }

        await Eventually.WaitAsync(async () => (await cluster.PartitionOwnersAsync()).Count == 2, "both masters to hold partitions", TimeSpan.FromSeconds(30));
        await WaitForEveryJobToRunAsync(cluster, "every-second-%", jobs.Count, minimum: 3, after: "-infinity");
        var owners = await cluster.PartitionOwnersAsync();
        var victim = owners.MaxBy(o => o.Value).Key;
        var victimName = cluster.NameOfPid(await cluster.PidOfNodeAsync(victim));

        var killedAt = Stopwatch.StartNew();
        await cluster.KillAsync(victimName);
        await Eventually.WaitAsync(async () => (await cluster.PartitionOwnersAsync()) is { Count: 1 } o && o.Values.Single() == 64 && !o.ContainsKey(victim),
            "the survivor to hold all 64 partitions", TimeSpan.FromSeconds(30));
        var takeover = killedAt.Elapsed;
        // Slots well after the takeover ran for every job: the window the checks below read is complete.
        var tookOver = (await cluster.QueryAsync("select now()", r => r.GetFieldValue<DateTimeOffset>(0))).Single();
        await WaitForEveryJobToRunAsync(cluster, "every-second-%", jobs.Count, minimum: 2, after: tookOver.AddSeconds(3).ToString("O", CultureInfo.InvariantCulture));
        // And enough of them overall for the checks below (ten slots per job behind their cut-off).
        await WaitForEveryJobToRunAsync(cluster, "every-second-%", jobs.Count, minimum: 14, after: "-infinity");

        // Every slot from each job's first to a cut-off well behind the present, as the database has it.
        var rows = await cluster.QueryAsync("""
            select job_name, scheduled_at, status, attempt from gnomon_execution_state
            where trigger = 0 and scheduled_at < now() - interval '3 seconds' order by job_name, scheduled_at
            """, r => (Job: r.GetString(0), At: r.GetFieldValue<DateTimeOffset>(1), Status: r.GetInt16(2), Attempt: r.GetInt32(3)));
        Assert.True(takeover < TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(2), $"takeover took {takeover}");
        foreach (var job in jobs)
        {
            var slots = rows.Where(r => r.Job == job).ToList();
            Assert.True(slots.Count >= 10, $"{job}: only {slots.Count} slots");
            for (var i = 1; i < slots.Count; i++)
            {
                // One row per second, none missing and none doubled: the slot's unique index and the misfire policy.
                Assert.Equal(slots[i - 1].At.AddSeconds(1), slots[i].At);
            }

            // Ran once (succeeded, one attempt) or skipped by the misfire policy; never run twice.
            Assert.All(slots, s => Assert.True(s is { Status: 3, Attempt: 1 } or { Status: 7, Attempt: 0 }, $"{job} {s.At:O}: status {s.Status}, attempt {s.Attempt}"));
        }
    }

    [Fact]
    public async Task GatewayServes1000GetsWhileAMasterIsKilled_NoneFails()
    {
        await using var cluster = await LocalCluster.StartAsync(2, 0, gateway: true);
        (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
        {
            name = "read-me",
            schedule = new { cron = "0 0 1 1 *" },
            executor = new { type = "handler", handler = "noop" },
        })).EnsureSuccessStatusCode();

        var failures = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            if (i == 200)
            {
                await cluster.KillAsync("master-1");
            }

            var response = await cluster.Api.GetAsync(new Uri(i % 2 == 0 ? "/api/v1/jobs/read-me" : "/api/v1/jobs?limit=5", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"#{i}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task ThirdMasterAndFourthWorkerJoinARunningCluster_PartitionsRebalanceAndTheNewWorkerTakesWork()
    {
        await using var cluster = await LocalCluster.StartAsync(2, 3);
        await Eventually.WaitAsync(async () => (await cluster.PartitionOwnersAsync()).Values.Order().SequenceEqual([32, 32]),
            "two masters to split 32/32", TimeSpan.FromSeconds(30));

        await cluster.StartMasterAsync("master-3");
        await cluster.StartWorkerAsync("worker-4");

        await Eventually.WaitAsync(async () => (await cluster.PartitionOwnersAsync()).Values.Order().SequenceEqual([21, 21, 22]),
            "three masters to split 22/21/21", TimeSpan.FromSeconds(30));
        var newWorker = await NodeIdOfPidAsync(cluster, cluster.PidOf("worker-4"));
        for (var i = 0; i < 200; i++)
        {
            (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
            {
                name = $"spread-{i:D3}",
                schedule = new { intervalSeconds = 1 },
                executor = new { type = "handler", handler = "sleep" },
                payload = new { milliseconds = 50 },
            })).EnsureSuccessStatusCode();
        }

        await Eventually.WaitAsync(
            async () => (await cluster.QueryAsync($"select count(*) from gnomon_execution_state where worker_id = '{newWorker}' and status = 3", r => r.GetInt64(0))).Single() >= 10,
            "the new worker to run executions", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task PostgresRestartsUnderLoad_EveryNodeRecoversAndNothingCommittedIsLost()
    {
        await using var cluster = await LocalCluster.StartAsync(2, 2, gateway: true, ownPostgres: true);
        for (var i = 0; i < 20; i++)
        {
            (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
            {
                name = $"through-restart-{i:D2}",
                schedule = new { cron = "* * * * * *" },
                executor = new { type = "handler", handler = "sleep" },
                payload = new { milliseconds = 300 },
            })).EnsureSuccessStatusCode();
        }

        await WaitForEveryJobToRunAsync(cluster, "through-restart-%", 20, minimum: 2, after: "-infinity");
        const string Snapshot = """
            select e.id::text || ':' || e.status || ':' || e.attempt || ':' || count(a.attempt)
            from gnomon_execution_state e left join gnomon_execution_attempts a on a.execution_id = e.id
            where e.finished_at is not null group by e.id, e.status, e.attempt
            """;
        var before = (await cluster.QueryAsync(Snapshot, r => r.GetString(0))).ToHashSet();
        var jobsBefore = (await cluster.QueryAsync("select count(*) from gnomon_jobs", r => r.GetInt64(0))).Single();
        Assert.NotEmpty(before);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var restartedAt = TimeProvider.System.GetUtcNow();
        await cluster.RestartPostgresAsync(TimeSpan.FromSeconds(3), async () =>
        {
            // While the database is away, a master says it is not ready rather than pretending.
            var ready = await probe.GetAsync(new Uri(cluster.AddressOf("master-1"), "/health/ready"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        });

        foreach (var node in new[] { "master-1", "master-2", "worker-1", "worker-2", "gateway" })
        {
            await Eventually.WaitAsync(async () =>
            {
                try
                {
                    return (await probe.GetAsync(new Uri(cluster.AddressOf(node), "/health/ready"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"{node} to be ready again", TimeSpan.FromSeconds(60));
        }

        // Fires after the restart are written and run again, by the same processes.
        await Eventually.WaitAsync(
            async () => (await cluster.QueryAsync(
                $"select count(*) from gnomon_execution_state where status = 3 and scheduled_at > '{restartedAt.AddSeconds(5):O}'", r => r.GetInt64(0))).Single() >= 20,
            "new fires to succeed after the restart", TimeSpan.FromSeconds(60));
        var after = (await cluster.QueryAsync(Snapshot, r => r.GetString(0))).ToHashSet();
        Assert.Empty(before.Except(after));
        Assert.Equal(jobsBefore, (await cluster.QueryAsync("select count(*) from gnomon_jobs", r => r.GetInt64(0))).Single());
    }

    /// <summary>Waits until each of the <paramref name="jobs"/> jobs named like <paramref name="pattern"/> has <paramref name="minimum"/> slots after <paramref name="after"/> succeeded.</summary>
    private static Task WaitForEveryJobToRunAsync(LocalCluster cluster, string pattern, int jobs, int minimum, string after) =>
        Eventually.WaitAsync(async () => (await cluster.QueryAsync($"""
            select count(*) from (
                select job_name from gnomon_execution_state
                where job_name like '{pattern}' and status = 3 and scheduled_at > '{after}'
                group by job_name having count(*) >= {minimum}) enough
            """, r => r.GetInt64(0))).Single() == jobs, $"every job to run {minimum} slots after {after}", TimeSpan.FromSeconds(60));

    private static async Task<Guid> NodeIdOfPidAsync(LocalCluster cluster, int pid)
    {
        Guid? id = null;
        await Eventually.WaitAsync(async () =>
        {
            var nodes = (await cluster.Api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/nodes", UriKind.Relative)))!["items"]!.AsArray();
            id = nodes.Where(n => (int)n!["pid"]! == pid).Select(n => (Guid?)Guid.Parse((string)n!["id"]!)).FirstOrDefault();
            return id is not null;
        }, $"process {pid} in the node registry", TimeSpan.FromSeconds(30));
        return id!.Value;
    }

    private static async Task<Guid> TriggerSleepAsync(LocalCluster cluster, string name, TimeSpan duration)
    {
        (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
        {
            name,
            schedule = new { cron = "0 0 1 1 *" },
            executor = new { type = "handler", handler = "sleep" },
            payload = new { milliseconds = duration.TotalMilliseconds },
            retry = new { maxAttempts = 1 },
        })).EnsureSuccessStatusCode();
        var triggered = await cluster.Api.PostAsync(new Uri($"/api/v1/jobs/{name}/trigger", UriKind.Relative), null);
        triggered.EnsureSuccessStatusCode();
        return Guid.Parse((string)(await triggered.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private static async Task<JsonObject> WaitForAsync(LocalCluster cluster, Guid execution, Func<JsonObject, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        await Eventually.WaitAsync(async () =>
        {
            last = await cluster.Api.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/executions/{execution}", UriKind.Relative));
            return condition(last!);
        }, what, timeout ?? TimeSpan.FromSeconds(30));
        return last!;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
