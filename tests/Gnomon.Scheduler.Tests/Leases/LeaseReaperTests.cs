using System.Text.Json.Nodes;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Scheduler.Leases;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Testing;

namespace Gnomon.Scheduler.Tests.Leases;

public sealed class LeaseReaperTests
{
    private static readonly TimeSpan Tiny = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ReapOnceAsync_RunningLeaseExpired_RetriesAsNewAttemptWithoutUsingOneUp()
    {
        await using var scenario = await Scenario.CreateAsync();
        var (id, oldWorker) = await scenario.ClaimAndStartWithTinyLeaseAsync();

        await scenario.ReapUntilTakenBackAsync();

        var execution = await scenario.GetAsync(id);
        Assert.Equal(ExecutionStatus.Pending, execution.Status);
        Assert.Null(execution.WorkerId);
        Assert.Null(execution.FinishedAt);
        Assert.Equal(1, execution.Attempt);
        Assert.Equal(2, execution.MaxAttempts);
        var attempt = Assert.Single(execution.Attempts);
        Assert.Equal(1, attempt.Attempt);
        Assert.Equal(oldWorker, attempt.WorkerId);
        Assert.Equal(ExecutionStatus.Failed, attempt.Status);
        Assert.Contains("lease expired", attempt.Error, StringComparison.Ordinal);
        Assert.NotNull(attempt.FinishedAt);
    }

    [Fact]
    public async Task CompleteAsync_OldWorkerAfterReap_IsRejectedAndRecordedOnItsAttempt()
    {
        await using var scenario = await Scenario.CreateAsync();
        var (id, oldWorker) = await scenario.ClaimAndStartWithTinyLeaseAsync();
        await scenario.ReapUntilTakenBackAsync();
        var before = await scenario.GetAsync(id);

        var accepted = await scenario.Dispatch.CompleteAsync(oldWorker,
            [new CompletedAttempt(id, 1, ExecutionStatus.Succeeded, new JsonObject { ["late"] = true }, "late output", null, null, null)],
            CancellationToken.None);

        Assert.DoesNotContain(id, accepted);
        var after = await scenario.GetAsync(id);
        Assert.Equal(before with { Attempts = after.Attempts }, after);
        Assert.Null(after.Result);
        Assert.Null(after.Output);
        // Issue 11: the attempt the reaper closed keeps its record (failed, with the reaper's reason); the late report is beside it.
        var attempt = Assert.Single(after.Attempts);
        Assert.Equal(before.Attempts.Single() with { LateReport = attempt.LateReport }, attempt);
        Assert.Equal(ExecutionStatus.Failed, attempt.Status);
        Assert.Contains("lease expired", attempt.Error, StringComparison.Ordinal);
        Assert.StartsWith("late completion rejected", attempt.LateReport, StringComparison.Ordinal);
        Assert.Contains("reported succeeded", attempt.LateReport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_OldWorkerReportsTwiceAfterReap_KeepsTheFirstLateReport()
    {
        await using var scenario = await Scenario.CreateAsync();
        var (id, oldWorker) = await scenario.ClaimAndStartWithTinyLeaseAsync();
        await scenario.ReapUntilTakenBackAsync();

        await scenario.Dispatch.CompleteAsync(oldWorker, [new CompletedAttempt(id, 1, ExecutionStatus.Failed, null, null, "first", null, null)], CancellationToken.None);
        await scenario.Dispatch.CompleteAsync(oldWorker, [new CompletedAttempt(id, 1, ExecutionStatus.Succeeded, null, null, null, null, null)], CancellationToken.None);

        var attempt = Assert.Single((await scenario.GetAsync(id)).Attempts);
        Assert.Equal(ExecutionStatus.Failed, attempt.Status);
        Assert.Contains("lease expired", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("reported failed: first", attempt.LateReport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_OldWorkerAfterNewWorkerStarted_CannotOverwriteNewAttempt()
    {
        await using var scenario = await Scenario.CreateAsync();
        var (id, oldWorker) = await scenario.ClaimAndStartWithTinyLeaseAsync();
        await scenario.ReapUntilTakenBackAsync();
        var newWorker = Guid.CreateVersion7();
        var claimed = await TestClaims.HoldDueAsync(scenario.Dispatch, newWorker, QueueSelector.Named("default"), 10, Lease);
        Assert.Equal(new StartedExecution(id, true, 2), Assert.Single(await scenario.Dispatch.StartAsync(newWorker, claimed, Lease, CancellationToken.None)));
        var running = await scenario.GetAsync(id);

        // The old worker reports a failure and asks for a retry: it must not send the new attempt back to pending.
        var accepted = await scenario.Dispatch.CompleteAsync(oldWorker,
            [new CompletedAttempt(id, 1, ExecutionStatus.Failed, null, null, "boom", null, TimeSpan.Zero)],
            CancellationToken.None);

        Assert.Empty(accepted);
        var after = await scenario.GetAsync(id);
        Assert.Equal(running with { Attempts = after.Attempts }, after);
        Assert.Equal(ExecutionStatus.Running, after.Attempts.Single(a => a.Attempt == 2).Status);
        Assert.Contains("lease expired", after.Attempts.Single(a => a.Attempt == 1).Error, StringComparison.Ordinal);
        Assert.Contains("late completion", after.Attempts.Single(a => a.Attempt == 1).LateReport, StringComparison.Ordinal);

        var finished = await scenario.Dispatch.CompleteAsync(newWorker,
            [new CompletedAttempt(id, 2, ExecutionStatus.Succeeded, null, "ok", null, null, null)], CancellationToken.None);
        Assert.Contains(id, finished);
        Assert.Equal(ExecutionStatus.Succeeded, (await scenario.GetAsync(id)).Status);
    }

    [Fact]
    public async Task ReapOnceAsync_CancelRequestedThenLeaseExpired_EndsCancelledInsteadOfRetrying()
    {
        await using var scenario = await Scenario.CreateAsync();
        var (id, _) = await scenario.ClaimAndStartWithTinyLeaseAsync();
        var (outcome, _) = await scenario.Executions.CancelAsync(id, "cancelled by the test", CancellationToken.None);
        Assert.Equal(CancelOutcome.StopRequested, outcome);

        // The worker died before it could act on the request.
        await scenario.ReapUntilTakenBackAsync();

        var execution = await scenario.GetAsync(id);
        Assert.Equal(ExecutionStatus.Cancelled, execution.Status);
        Assert.Equal("cancelled by the test", execution.Reason);
        Assert.NotNull(execution.FinishedAt);
        Assert.Null(execution.WorkerId);
        Assert.Contains("lease expired", Assert.Single(execution.Attempts).Error, StringComparison.Ordinal);
        Assert.Empty(await TestClaims.HoldDueAsync(scenario.Dispatch, Guid.CreateVersion7(), QueueSelector.Named("default"), 10, Lease));
    }

    [Fact]
    public async Task ReapOnceAsync_ClaimedNotStartedLeaseExpired_ReturnsToPendingWithoutAttempt()
    {
        await using var scenario = await Scenario.CreateAsync();
        var id = await TestJobs.InsertPendingAsync(scenario.ConnectionString, scenario.Job, TimeSpan.Zero);
        Assert.Single(await TestClaims.HoldDueAsync(scenario.Dispatch, Guid.CreateVersion7(), QueueSelector.Named("default"), 10, Tiny));

        await scenario.ReapUntilTakenBackAsync();

        var execution = await scenario.GetAsync(id);
        Assert.Equal(ExecutionStatus.Pending, execution.Status);
        Assert.Null(execution.WorkerId);
        Assert.Equal(0, execution.Attempt);
        Assert.Equal(1, execution.MaxAttempts);
        Assert.Empty(execution.Attempts);
        Assert.Equal(0, await Sql.ScalarAsync<int>(scenario.ConnectionString, "select lost_leases from gnomon_execution_state where id = $1", id));
    }

    [Fact]
    public async Task ReapOnceAsync_LeaseStillValid_TakesNothing()
    {
        await using var scenario = await Scenario.CreateAsync();
        var id = await TestJobs.InsertPendingAsync(scenario.ConnectionString, scenario.Job, TimeSpan.Zero);
        var worker = Guid.CreateVersion7();
        var claimed = await TestClaims.HoldDueAsync(scenario.Dispatch, worker, QueueSelector.Named("default"), 10, Lease);
        await scenario.Dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None);

        Assert.Equal(0, await scenario.Reaper.ReapOnceAsync(CancellationToken.None));
        Assert.Equal(ExecutionStatus.Running, (await scenario.GetAsync(id)).Status);
    }

    [Fact]
    public async Task ReapOnceAsync_LeaseLostMoreThanRecoveryLimit_FailsExecution()
    {
        await using var scenario = await Scenario.CreateAsync(maxLeaseRecoveries: 1);
        var (id, _) = await scenario.ClaimAndStartWithTinyLeaseAsync();
        await scenario.ReapUntilTakenBackAsync();
        var worker = Guid.CreateVersion7();
        var claimed = await TestClaims.HoldDueAsync(scenario.Dispatch, worker, QueueSelector.Named("default"), 10, Tiny);
        await scenario.Dispatch.StartAsync(worker, claimed, Tiny, CancellationToken.None);

        await scenario.ReapUntilTakenBackAsync();

        var execution = await scenario.GetAsync(id);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.NotNull(execution.FinishedAt);
        Assert.Contains("lost its lease 2 times", execution.Reason, StringComparison.Ordinal);
        Assert.All(execution.Attempts, a => Assert.Equal(ExecutionStatus.Failed, a.Status));
        Assert.Equal(2, execution.Attempts.Count);
    }

    /// <summary>One job with a single attempt, a dispatch store and a reaper over a fresh database.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly TestNode _node;

        private Scenario(string connectionString, TestNode node, Job job)
        {
            ConnectionString = connectionString;
            _node = node;
            Job = job;
        }

        public string ConnectionString { get; }

        public Job Job { get; }

        public DispatchStore Dispatch => _node.Get<DispatchStore>();

        public LeaseReaper Reaper => _node.Get<LeaseReaper>();

        public ExecutionStore Executions => _node.Get<ExecutionStore>();

        public static async Task<Scenario> CreateAsync(int maxLeaseRecoveries = 3)
        {
            var connectionString = await TestDatabase.CreateAsync();
            var node = TestNode.Create(connectionString, services => services.AddGnomonScheduler(),
                new Dictionary<string, string?> { ["Scheduler:MaxLeaseRecoveries"] = maxLeaseRecoveries.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("leased"));
            return new Scenario(connectionString, node, job);
        }

        public async Task<(Guid Id, Guid Worker)> ClaimAndStartWithTinyLeaseAsync()
        {
            var id = await TestJobs.InsertPendingAsync(ConnectionString, Job, TimeSpan.Zero);
            var worker = Guid.CreateVersion7();
            var claimed = await TestClaims.HoldDueAsync(Dispatch, worker, QueueSelector.Named("default"), 10, Lease);
            var started = Assert.Single(await Dispatch.StartAsync(worker, claimed, Tiny, CancellationToken.None));
            Assert.True(started.Started);
            return (id, worker);
        }

        /// <summary>Reaps until the one expired execution is taken back (the lease lapses on the database clock).</summary>
        public async Task ReapUntilTakenBackAsync()
        {
            var taken = await Eventually.WaitAsync(
                () => Reaper.ReapOnceAsync(CancellationToken.None), taken => taken > 0, "the expired lease to be reaped", TimeSpan.FromSeconds(10));
            Assert.Equal(1, taken);
        }

        public async Task<Execution> GetAsync(Guid id) => (await _node.Get<ExecutionStore>().GetAsync(id, CancellationToken.None))!;

        public ValueTask DisposeAsync() => _node.DisposeAsync();
    }
}
