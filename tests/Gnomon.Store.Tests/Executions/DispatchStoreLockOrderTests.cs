using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Testing;

namespace Gnomon.Store.Tests.Executions;

/// <summary>Statements that lock many executions at once take the locks in one order, so they never deadlock each other.</summary>
public sealed class DispatchStoreLockOrderTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task RenewLeasesAsync_ConcurrentRenewalsInOppositeOrders_NeverDeadlock()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("lock-order"));
        var worker = Guid.CreateVersion7();
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts, worker_id, lease_expires_at, attempt, started_at)
            select gen_random_uuid(), $1, 'lock-order', 1, now(), now(), 2, 0, 'default', 1, $2, now() + interval '1 minute', 1, now()
            from generate_series(1, 300)
            """, job.Id, worker);
        await TestDispatch.LiftLiveRowsAsync(connectionString);
        var ids = await Sql.QueryAsync(connectionString, "select id from gnomon_execution_state", r => r.GetGuid(0));
        var dispatch = node.Get<DispatchStore>();
        Guid[] ascending = [.. ids.Order()];
        Guid[] descending = [.. ids.OrderDescending()];

        // A heartbeat and a completion of one worker overlap like this; in arrival order, the two deadlocked.
        for (var round = 0; round < 20; round++)
        {
            var renewals = await Task.WhenAll(
                Task.Run(() => dispatch.RenewLeasesAsync(worker, ascending, Lease, CancellationToken.None)),
                Task.Run(() => dispatch.RenewLeasesAsync(worker, descending, Lease, CancellationToken.None)));
            Assert.All(renewals, r => Assert.Equal(ids.Count, r.Count));
        }
    }
}
