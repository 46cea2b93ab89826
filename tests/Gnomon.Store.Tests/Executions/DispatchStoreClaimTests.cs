using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Testing;

namespace Gnomon.Store.Tests.Executions;

/// <summary>The claim's guarantees: each execution to one claimer, by priority then due time, within the lookahead, of the queues asked for.</summary>
public sealed class DispatchStoreClaimTests
{
    private static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    // Forbid jobs: the due claim only claims them (their start is serialised per job), so what was claimed stays visible.
    private static WorkClaim Due(int max) => new(max, 0, TimeSpan.FromMilliseconds(100), Lookahead, Lease);

    [Fact]
    public async Task ClaimWorkAsync_EightConcurrentClaimers_ClaimEveryExecutionExactlyOnce()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("claim-race") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts)
            select gen_random_uuid(), $1, 'claim-race', 1, now(), now() - make_interval(secs => i % 50), 0, i % 7, 'default', 1
            from generate_series(1, 2000) i
            """, job.Id);
        await TestDispatch.LiftLiveRowsAsync(connectionString);
        var all = await Sql.QueryAsync(connectionString, "select id from gnomon_execution_state", r => r.GetGuid(0));
        var dispatch = node.Get<DispatchStore>();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = Enumerable.Range(0, 8).Select(_ => Guid.CreateVersion7()).ToList();
        var runs = claimers.Select(workerId => Task.Run(async () =>
        {
            await gate.Task;
            var mine = new List<Guid>();
            while (true)
            {
                var claimed = (await dispatch.ClaimWorkAsync(workerId, QueueSelector.Named("default"), Due(25), CancellationToken.None)).Executions;
                if (claimed.Count == 0)
                {
                    return (WorkerId: workerId, Claimed: mine);
                }

                mine.AddRange(claimed.Select(c => c.Id));
            }
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(runs);

        var union = results.SelectMany(r => r.Claimed).ToList();
        Assert.Equal(all.Count, union.Count);
        Assert.Equal(all.ToHashSet(), union.ToHashSet());
        for (var i = 0; i < results.Length; i++)
        {
            for (var j = i + 1; j < results.Length; j++)
            {
                Assert.Empty(results[i].Claimed.Intersect(results[j].Claimed));
            }
        }

        var owners = results.SelectMany(r => r.Claimed.Select(id => (id, r.WorkerId))).ToDictionary(x => x.id, x => x.WorkerId);
        var rows = await Sql.QueryAsync(connectionString, "select id, worker_id, status, lease_expires_at is not null from gnomon_execution_state",
            r => (Id: r.GetGuid(0), WorkerId: r.GetGuid(1), Status: (ExecutionStatus)r.GetInt16(2), Leased: r.GetBoolean(3)));
        Assert.All(rows, row =>
        {
            Assert.Equal(ExecutionStatus.Claimed, row.Status);
            Assert.Equal(owners[row.Id], row.WorkerId);
            Assert.True(row.Leased);
        });
    }

    [Fact]
    public async Task ClaimWorkAsync_MixedPriorities_ClaimsByPriorityThenDueTime()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("claim-order") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        // Inserted in an order that is neither the priority nor the due order.
        (int Priority, double DueSeconds)[] arranged = [(0, -10), (5, -1), (-3, -40), (10, -0.5), (5, -5), (0, -30), (10, -2), (-3, -1)];
        var ids = new Dictionary<Guid, (int Priority, double DueSeconds)>();
        foreach (var (priority, due) in arranged)
        {
            ids[await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(due), priority)] = (priority, due);
        }

        var expected = ids.OrderByDescending(kv => kv.Value.Priority).ThenBy(kv => kv.Value.DueSeconds).Select(kv => kv.Key).ToList();
        var dispatch = node.Get<DispatchStore>();
        var worker = Guid.CreateVersion7();
        var order = new List<Guid>();
        for (var i = 0; i < arranged.Length; i++)
        {
            order.Add(Assert.Single((await dispatch.ClaimWorkAsync(worker, QueueSelector.Named("default"), Due(1), CancellationToken.None)).Executions).Id);
        }

        Assert.Equal(expected, order);
        Assert.Empty((await dispatch.ClaimWorkAsync(worker, QueueSelector.Named("default"), Due(1), CancellationToken.None)).Executions);
    }

    [Fact]
    public async Task ClaimWorkAsync_ExecutionDueBeyondLookahead_IsNotClaimed()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("claim-lookahead"));
        // The later one has the higher priority, so only the due-time filter can keep it out.
        var later = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromMinutes(10), priority: 50);
        var soon = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(1), priority: 0);

        var claimed = (await node.Get<DispatchStore>().ClaimWorkAsync(
            Guid.CreateVersion7(), QueueSelector.Named("default"), new WorkClaim(10, 10, TimeSpan.FromMilliseconds(100), Lookahead, Lease), CancellationToken.None)).Executions;

        var only = Assert.Single(claimed);
        Assert.Equal(soon, only.Id);
        Assert.InRange(only.DueIn, TimeSpan.Zero, Lookahead);
        var row = await Sql.QueryAsync(connectionString, "select status, worker_id is null from gnomon_execution_state where id = $1",
            r => (Status: (ExecutionStatus)r.GetInt16(0), Unowned: r.GetBoolean(1)), later);
        Assert.Equal((ExecutionStatus.Pending, true), Assert.Single(row));
    }

    [Fact]
    public async Task ClaimWorkAsync_OtherQueue_IsNotClaimed()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var jobs = node.Get<JobStore>();
        var mine = await TestJobs.CreateAsync(jobs, TestJobs.Definition("queue-mine") with { Queue = "mine" });
        var other = await TestJobs.CreateAsync(jobs, TestJobs.Definition("queue-other") with { Queue = "other" });
        var wanted = await TestJobs.InsertPendingAsync(connectionString, mine, TimeSpan.Zero);
        await TestJobs.InsertPendingAsync(connectionString, other, TimeSpan.Zero, priority: 100);
        var dispatch = node.Get<DispatchStore>();

        var named = (await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.Named("mine"), Due(10), CancellationToken.None)).Executions;
        var wildcard = (await dispatch.ClaimWorkAsync(Guid.CreateVersion7(), QueueSelector.AllExcept(["other"]), Due(10), CancellationToken.None)).Executions;

        Assert.Equal(wanted, Assert.Single(named).Id);
        Assert.Empty(wildcard);
    }
}
