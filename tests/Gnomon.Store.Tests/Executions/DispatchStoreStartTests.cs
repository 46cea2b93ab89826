using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Store.Notifications;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Executions;

public sealed class DispatchStoreStartTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task StartAsync_ForbidWithRunningSibling_SkipsWithReason()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("forbid") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        var first = await ClaimAndStartAsync(connectionString, dispatch, job, Guid.CreateVersion7());
        var worker = Guid.CreateVersion7();
        var second = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await TestClaims.HoldDueAsync(dispatch, worker, QueueSelector.Named("default"), 10, Lease);

        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));

        Assert.Equal(second, started.Id);
        Assert.False(started.Started);
        var skipped = (await node.Get<ExecutionStore>().GetAsync(second, CancellationToken.None))!;
        Assert.Equal(ExecutionStatus.Skipped, skipped.Status);
        Assert.Contains("forbid", skipped.Reason, StringComparison.Ordinal);
        Assert.NotNull(skipped.FinishedAt);
        Assert.Null(skipped.WorkerId);
        Assert.Equal(0, skipped.Attempt);
        Assert.Empty(skipped.Attempts);
        Assert.Equal(ExecutionStatus.Running, (await node.Get<ExecutionStore>().GetAsync(first, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task StartAsync_ForbidWithoutRunningSibling_Starts()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("forbid-alone") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        var worker = Guid.CreateVersion7();
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await TestClaims.HoldDueAsync(dispatch, worker, QueueSelector.Named("default"), 10, Lease);

        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));

        Assert.Equal(new StartedExecution(id, true, 1), started);
    }

    [Fact]
    public async Task StartAsync_ForbidSiblingsInOneBatch_StartsOnlyTheEarliest()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("forbid-batch") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        // A backlog, as runAll leaves after an outage: both due, claimed and started together.
        var earlier = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-2));
        var later = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-1));
        var worker = Guid.CreateVersion7();
        var claimed = await TestClaims.HoldDueAsync(dispatch, worker, QueueSelector.Named("default"), 10, Lease);
        Assert.Equal(2, claimed.Count);

        var started = await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None);

        Assert.Equal([earlier], started.Where(s => s.Started).Select(s => s.Id));
        var skipped = (await node.Get<ExecutionStore>().GetAsync(later, CancellationToken.None))!;
        Assert.Equal(ExecutionStatus.Skipped, skipped.Status);
        Assert.Contains("forbid", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ForbidSiblingsStartedByTwoWorkersAtOnce_StartsOnlyOne()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var nodeA = TestNode.Create(connectionString);
        await using var nodeB = TestNode.Create(connectionString);
        var jobs = new List<Job>();
        for (var i = 0; i < 20; i++)
        {
            var job = await TestJobs.CreateAsync(nodeA.Get<JobStore>(), TestJobs.Definition($"forbid-race-{i}") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
            await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-1));
            await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-1));
            jobs.Add(job);
        }

        // Each worker holds one execution of every job, so the two start statements race on every job.
        var workerA = Guid.CreateVersion7();
        var workerB = Guid.CreateVersion7();
        var claimedA = new List<ClaimedExecution>();
        var claimedB = new List<ClaimedExecution>();
        foreach (var job in jobs)
        {
            var ids = await Sql.QueryAsync(connectionString, "select id from gnomon_execution_state where job_id = $1 order by id", r => r.GetGuid(0), job.Id);
            await Sql.ExecuteAsync(connectionString, "update gnomon_dispatch set status = 1, worker_id = $2, lease_expires_at = now() + interval '1 minute' where id = $1", ids[0], workerA);
            await Sql.ExecuteAsync(connectionString, "update gnomon_dispatch set status = 1, worker_id = $2, lease_expires_at = now() + interval '1 minute' where id = $1", ids[1], workerB);
        }

        claimedA.AddRange(await Sql.QueryAsync(connectionString, "select e.id from gnomon_execution_state e join gnomon_jobs j on j.id = e.job_id where e.worker_id = $1 order by j.name", r => Claimed(r.GetGuid(0)), workerA));
        claimedB.AddRange(await Sql.QueryAsync(connectionString, "select e.id from gnomon_execution_state e join gnomon_jobs j on j.id = e.job_id where e.worker_id = $1 order by j.name", r => Claimed(r.GetGuid(0)), workerB));
        // Warm both pools so the two statements reach the server together.
        await nodeA.Get<DispatchStore>().RenewLeasesAsync(Guid.Empty, [Guid.Empty], Lease, CancellationToken.None);
        await nodeB.Get<DispatchStore>().RenewLeasesAsync(Guid.Empty, [Guid.Empty], Lease, CancellationToken.None);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // One start per statement, job by job in the same order on both: twenty chances for the two to overlap.
        async Task StartOneByOneAsync(DispatchStore dispatch, Guid worker, List<ClaimedExecution> claimed)
        {
            await gate.Task;
            foreach (var execution in claimed)
            {
                await dispatch.StartAsync(worker, [execution], Lease, CancellationToken.None);
            }
        }

        var startA = Task.Run(() => StartOneByOneAsync(nodeA.Get<DispatchStore>(), workerA, claimedA));
        var startB = Task.Run(() => StartOneByOneAsync(nodeB.Get<DispatchStore>(), workerB, claimedB));
        gate.SetResult();
        await Task.WhenAll(startA, startB);

        var running = await Sql.QueryAsync(connectionString, "select job_id, count(*) filter (where status = 2), count(*) filter (where status = 7) from gnomon_execution_state group by job_id",
            r => (JobId: r.GetGuid(0), Running: r.GetInt64(1), Skipped: r.GetInt64(2)));
        Assert.Equal(20, running.Count);
        Assert.All(running, r => Assert.Equal((1L, 1L), (r.Running, r.Skipped)));
    }

    [Fact]
    public async Task StartAsync_ReplaceWithRunningSibling_RequestsCancelAndNotifies()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("replace") with { ConcurrencyPolicy = ConcurrencyPolicy.Replace });
        var oldWorker = Guid.CreateVersion7();
        var first = await ClaimAndStartAsync(connectionString, dispatch, job, oldWorker);

        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        var cancels = new List<string>();
        listener.Notification += (_, e) =>
        {
            if (e.Channel == Channels.Cancel)
            {
                cancels.Add(e.Payload);
            }
        };
        await using (var listen = new NpgsqlCommand("listen " + Channels.Cancel, listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var second = await ClaimAndStartAsync(connectionString, dispatch, job, Guid.CreateVersion7());

        await Eventually.WaitAsync(async () =>
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
            return cancels.Count > 0;
        }, "a notification on " + Channels.Cancel, TimeSpan.FromSeconds(10));
        Assert.Equal(first.ToString(), Assert.Single(cancels));
        var executions = node.Get<ExecutionStore>();
        var replaced = (await executions.GetAsync(first, CancellationToken.None))!;
        Assert.True(replaced.CancelRequested);
        Assert.Equal(ExecutionStatus.Running, replaced.Status);
        Assert.Contains("replace", replaced.Reason, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Running, (await executions.GetAsync(second, CancellationToken.None))!.Status);
        // The heartbeat is the fallback for a worker that missed the notification.
        var renewal = Assert.Single(await dispatch.RenewLeasesAsync(oldWorker, [first], Lease, CancellationToken.None));
        Assert.Equal(new LeaseRenewal(first, true), renewal);
    }

    /// <summary>Only the id and the policy matter to a start.</summary>
    private static ClaimedExecution Claimed(Guid id) => new(
        id, Guid.Empty, "", ExecutionTrigger.Schedule, default, default, TimeSpan.Zero, 0, 1, 0, "default",
        new Gnomon.Domain.Executors.HandlerExecutorSpec { Handler = "noop" }, null, TimeSpan.FromMinutes(1), Gnomon.Domain.Retries.RetryPolicy.Default,
        ConcurrencyPolicy.Forbid);

    [Fact]
    public async Task CompleteAsync_WithWorkerTimes_RecordsWhenTheWorkReallyRan()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("real-times"));
        var worker = Guid.CreateVersion7();
        var id = await ClaimAndStartAsync(connectionString, dispatch, job, worker);
        var written = (await node.Get<ExecutionStore>().GetAsync(id, CancellationToken.None))!.StartedAt!.Value;
        var began = written.AddMilliseconds(7);
        var ended = began.AddMilliseconds(25);

        var accepted = await dispatch.CompleteAsync(worker,
            [new CompletedAttempt(id, 1, ExecutionStatus.Succeeded, null, null, null, null, null, began, ended)], CancellationToken.None);

        Assert.Contains(id, accepted);
        var execution = (await node.Get<ExecutionStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(began, execution.StartedAt);
        Assert.Equal(ended, execution.FinishedAt);
        var attempt = Assert.Single(execution.Attempts);
        Assert.Equal(began, attempt.StartedAt);
        Assert.Equal(ended, attempt.FinishedAt);
    }

    [Fact]
    public async Task CompleteAsync_RetriedThenSucceeded_WritesARowOnlyForTheAttemptAnotherFollowed()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("retried"));
        var worker = Guid.CreateVersion7();
        var id = await ClaimAndStartAsync(connectionString, dispatch, job, worker);
        await dispatch.CompleteAsync(worker,
            [new CompletedAttempt(id, 1, ExecutionStatus.Failed, null, null, "boom", null, TimeSpan.Zero, null, null)], CancellationToken.None);
        var again = await TestClaims.HoldDueAsync(dispatch, worker, QueueSelector.Named(job.Definition.Queue), 10, Lease);
        Assert.Equal(2, Assert.Single(await dispatch.StartAsync(worker, again, Lease, CancellationToken.None)).Attempt);

        var accepted = await dispatch.CompleteAsync(worker,
            [new CompletedAttempt(id, 2, ExecutionStatus.Succeeded, null, "done", null, null, null, null, null)], CancellationToken.None);

        Assert.Contains(id, accepted);
        // The last attempt's record is the history row itself; the attempt another followed has its own row.
        Assert.Equal([1], await Sql.QueryAsync(connectionString, "select attempt from gnomon_execution_attempts where execution_id = $1", r => r.GetInt32(0), id));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "select count(*) from gnomon_dispatch"));
        var execution = (await node.Get<ExecutionStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((ExecutionStatus.Succeeded, 2, "done"), (execution.Status, execution.Attempt, execution.Output));
        Assert.Equal([(1, ExecutionStatus.Failed, "boom"), (2, ExecutionStatus.Succeeded, null)],
            execution.Attempts.Select(a => (a.Attempt, a.Status, a.Error)));
        Assert.Equal("done", execution.Attempts[1].Output);
        Assert.Equal(worker, execution.Attempts[1].WorkerId);
    }

    private static async Task<Guid> ClaimAndStartAsync(string connectionString, DispatchStore dispatch, Job job, Guid worker)
    {
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await TestClaims.HoldDueAsync(dispatch, worker, QueueSelector.Named(job.Definition.Queue), 10, Lease);
        Assert.Equal(id, Assert.Single(claimed).Id);
        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));
        Assert.True(started.Started);
        return id;
    }
}
