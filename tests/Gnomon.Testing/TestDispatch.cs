namespace Gnomon.Testing;

/// <summary>For tests that arrange executions with raw SQL on <c>gnomon_executions</c>, in the shape rows had before the dispatch table.</summary>
public static class TestDispatch
{
    /// <summary>
    /// Gives every unfinished history row (status pending, claimed or running) the dispatch row it needs, as migration
    /// V005 does for existing data: the live state moves to <c>gnomon_dispatch</c> and the history row says pending.
    /// </summary>
    public const string LiftLiveRowsSql = """
        with live as (
            insert into gnomon_dispatch (id, job_id, queue, priority, status, due_at, attempt, max_attempts, lost_leases, worker_id,
                    lease_expires_at, started_at, cancel_requested, reason)
            select id, job_id, queue, priority, status, due_at, attempt, max_attempts, lost_leases, worker_id,
                lease_expires_at, started_at, cancel_requested, reason
            from gnomon_executions e where status in (0, 1, 2) and not exists (select 1 from gnomon_dispatch d where d.id = e.id)
            returning id)
        update gnomon_executions set status = 0 where id in (select id from live)
        """;

    /// <summary>Runs <see cref="LiftLiveRowsSql"/>.</summary>
    public static Task LiftLiveRowsAsync(string connectionString) => Sql.ExecuteAsync(connectionString, LiftLiveRowsSql);
}
