using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Executions;

/// <summary>The worker's claim: due work started in the claim itself, later work only reserved, never more than asked.</summary>
public sealed class DispatchStoreClaimWorkTests
{
    private static readonly WorkClaim Claim = new(MaxStart: 10, MaxReserve: 10, StartLead: TimeSpan.FromMilliseconds(100),
        Lookahead: TimeSpan.FromSeconds(2), Lease: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task ClaimWorkAsync_DueExecutionOfAllowJob_StartsItInTheClaim()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-start", ConcurrencyPolicy.Allow);
        await using var _ = node;
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var worker = Guid.CreateVersion7();

        var claimed = Assert.Single((await node.Get<DispatchStore>().ClaimWorkAsync(worker, QueueSelector.Named("default"), Claim, CancellationToken.None)).Executions);

        Assert.Equal(id, claimed.Id);
        Assert.Equal(1, claimed.StartedAttempt);
        Assert.True(claimed.ClaimedDue);
        var row = Assert.Single(await Sql.QueryAsync(connectionString, "select status, attempt, worker_id, started_at is not null from gnomon_execution_state where id = $1",
            r => (Status: (ExecutionStatus)r.GetInt16(0), Attempt: r.GetInt32(1), Worker: r.GetGuid(2), Started: r.GetBoolean(3)), id));
        Assert.Equal((ExecutionStatus.Running, 1, worker, true), row);
    }

    [Fact]
    public async Task ClaimWorkAsync_DueExecutionOfForbidJob_OnlyClaimsIt()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-forbid", ConcurrencyPolicy.Forbid);
        await using var _ = node;
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);

        var claimed = Assert.Single((await node.Get<DispatchStore>().ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim, CancellationToken.None)).Executions);

        Assert.Equal(0, claimed.StartedAttempt);
        Assert.Equal(ExecutionStatus.Claimed, await StatusAsync(connectionString, id));
    }

    [Fact]
    public async Task ClaimWorkAsync_MoreDueThanFreeSlots_LeavesTheRestPending()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-slots", ConcurrencyPolicy.Allow);
        await using var _ = node;
        for (var i = 0; i < 5; i++)
        {
            // Offsets that grow with each insert, so no two slots of the job can meet on one instant.
            await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-1) + TimeSpan.FromMilliseconds(10 * i));
        }

        // Free reservations must not take due work beyond the running slots: another worker may have room for it.
        var claimed = (await node.Get<DispatchStore>().ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim with { MaxStart = 2 }, CancellationToken.None)).Executions;

        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, c => Assert.Equal(1, c.StartedAttempt));
        var pending = await Sql.QueryAsync(connectionString, "select count(*) from gnomon_execution_state where status = 0", r => r.GetInt64(0));
        Assert.Equal(3, Assert.Single(pending));
    }

    [Fact]
    public async Task ClaimWorkAsync_ExecutionDueLater_IsReservedNotStarted()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-later", ConcurrencyPolicy.Allow);
        await using var _ = node;
        var later = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(1));
        var beyond = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(30));

        var claimed = Assert.Single((await node.Get<DispatchStore>().ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim with { MaxStart = 0 }, CancellationToken.None)).Executions);

        Assert.Equal(later, claimed.Id);
        Assert.Equal(0, claimed.StartedAttempt);
        Assert.False(claimed.ClaimedDue);
        Assert.InRange(claimed.DueIn, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.Equal(ExecutionStatus.Claimed, await StatusAsync(connectionString, later));
        Assert.Equal(ExecutionStatus.Pending, await StatusAsync(connectionString, beyond));
    }

    [Fact]
    public async Task ClaimWorkAsync_EveryQueueButOne_TakesByPriorityAcrossQueues()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var jobs = node.Get<JobStore>();
        var low = await TestJobs.InsertPendingAsync(connectionString, await TestJobs.CreateAsync(jobs, TestJobs.Definition("any-a") with { Queue = "a" }), TimeSpan.Zero, priority: 1);
        var high = await TestJobs.InsertPendingAsync(connectionString, await TestJobs.CreateAsync(jobs, TestJobs.Definition("any-b") with { Queue = "b" }), TimeSpan.Zero, priority: 5);
        var excluded = await TestJobs.InsertPendingAsync(connectionString, await TestJobs.CreateAsync(jobs, TestJobs.Definition("any-c") with { Queue = "c" }), TimeSpan.Zero, priority: 9);
        var dispatch = node.Get<DispatchStore>();

        var first = (await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.AllExcept(["c"]), Claim with { MaxStart = 1 }, CancellationToken.None)).Executions;
        var second = (await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.AllExcept(["c"]), Claim, CancellationToken.None)).Executions;

        Assert.Equal(high, Assert.Single(first).Id);
        Assert.Equal(low, Assert.Single(second).Id);
        Assert.Equal(ExecutionStatus.Pending, await StatusAsync(connectionString, excluded));
    }

    // Issue 9: one row the claim's own arithmetic fails on (here an attempt counter at int's limit) failed every claim of its queue.
    [Fact]
    public async Task ClaimWorkAsync_RowTheClaimFailsOn_IsSetAsideAndTheNextClaimTakesTheRest()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-poison", ConcurrencyPolicy.Allow);
        await using var _ = node;
        var healthy = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var poison = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(-1));
        await Sql.ExecuteAsync(connectionString, "update gnomon_dispatch set attempt = 2147483647 where id = $1", poison);
        var dispatch = node.Get<DispatchStore>();

        var first = await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim, CancellationToken.None);
        var second = await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim, CancellationToken.None);

        Assert.Empty(first.Executions);
        var aside = Assert.Single(first.SetAside);
        Assert.Equal(poison, aside.Id);
        Assert.Contains("22003", aside.Reason, StringComparison.Ordinal);
        Assert.Equal(healthy, Assert.Single(second.Executions).Id);
        Assert.Equal(ExecutionStatus.Failed, await StatusAsync(connectionString, poison));
        Assert.Equal(ExecutionStatus.Running, await StatusAsync(connectionString, healthy));
    }

    [Theory]
    [InlineData("'-infinity'")]
    [InlineData("'0001-01-01T00:00:00Z'")]
    public async Task ClaimWorkAsync_RowDueAtAnInstantOutsideTheRange_IsSetAsideBesideTheOthers(string instant)
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-ancient", ConcurrencyPolicy.Allow);
        await using var _ = node;
        var healthy = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var ancient = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        await Sql.ExecuteAsync(connectionString, $"update gnomon_executions set scheduled_at = {instant}, due_at = {instant} where id = $1", ancient);
        await Sql.ExecuteAsync(connectionString, $"update gnomon_dispatch set due_at = {instant} where id = $1", ancient);

        var work = await node.Get<DispatchStore>().ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim, CancellationToken.None);

        Assert.Equal(healthy, Assert.Single(work.Executions).Id);
        Assert.Equal(ancient, Assert.Single(work.SetAside).Id);
        var row = Assert.Single(await Sql.QueryAsync(connectionString, "select status, reason, worker_id is null from gnomon_execution_state where id = $1",
            r => (Status: (ExecutionStatus)r.GetInt16(0), Reason: r.GetString(1), Released: r.GetBoolean(2)), ancient));
        Assert.Equal(ExecutionStatus.Failed, row.Status);
        Assert.StartsWith("set aside:", row.Reason, StringComparison.Ordinal);
        Assert.True(row.Released);
    }

    [Fact]
    public async Task ClaimWorkAsync_PlannerSettingsOfTheClaim_DoNotOutliveIt()
    {
        var (connectionString, node, job) = await ArrangeAsync("claim-settings", ConcurrencyPolicy.Allow);
        await using var _ = node;
        await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        // One pooled connection: the claim and the check after it run on the same server session.
        await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=1");

        var claimed = (await new DispatchStore(dataSource).ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), Claim, CancellationToken.None)).Executions;

        Assert.Single(claimed);
        await using var show = dataSource.CreateCommand("select current_setting('enable_sort') || current_setting('enable_bitmapscan') || current_setting('enable_seqscan')");
        Assert.Equal("ononon", await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Batch_LocalSettingOfItsFirstCommand_HoldsForTheNextOnes()
    {
        // What the claim relies on: a batch is one implicit transaction, so set_config(…, true) in its first command
        // shapes the plans of the claims after it.
        var connectionString = await TestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select set_config('enable_sort', 'off', true)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("select current_setting('enable_sort')"));

        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("off", reader.GetString(0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClaimWorkAsync_PlannedAsANestedLoopOverManyJobs_NeverTakesMoreThanAsked(bool due)
    {
        // A "limit … for update skip locked" pick run again for each job of a nested loop would skip the rows the run
        // before had just updated and take more than asked: whatever the join plan, a claim takes at most its limit.
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString + ";Options=-c enable_hashjoin=off -c enable_mergejoin=off -c enable_material=off");
        for (var j = 0; j < 20; j++)
        {
            var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition($"nested-{j:D2}"));
            for (var i = 0; i < 10; i++)
            {
                // Offsets that grow with each insert, so no two slots of a job can meet on one instant.
                await TestJobs.InsertPendingAsync(connectionString, job, due
                    ? TimeSpan.FromSeconds(-10) + TimeSpan.FromMilliseconds(100 * i)
                    : TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(50 * i));
            }
        }

        await Sql.ExecuteAsync(connectionString, "analyze gnomon_dispatch; analyze gnomon_executions; analyze gnomon_jobs");
        var claim = due ? Claim with { MaxStart = 5, MaxReserve = 0 } : Claim with { MaxStart = 0, MaxReserve = 5 };

        var claimed = (await node.Get<DispatchStore>().ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("default"), claim, CancellationToken.None)).Executions;

        Assert.Equal(5, claimed.Count);
        Assert.Equal(5L, Assert.Single(await Sql.QueryAsync(connectionString, "select count(*) from gnomon_execution_state where worker_id is not null", r => r.GetInt64(0))));
    }

    private static async Task<(string ConnectionString, TestNode Node, Job Job)> ArrangeAsync(string name, ConcurrencyPolicy policy)
    {
        var connectionString = await TestDatabase.CreateAsync();
        var node = TestNode.Create(connectionString);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition(name) with { ConcurrencyPolicy = policy });
        return (connectionString, node, job);
    }

    private static async Task<ExecutionStatus> StatusAsync(string connectionString, Guid id) =>
        Assert.Single(await Sql.QueryAsync(connectionString, "select status from gnomon_execution_state where id = $1", r => (ExecutionStatus)r.GetInt16(0), id));
}
