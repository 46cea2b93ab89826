namespace Gnomon.Store.Executions;

/// <summary>
/// The one rewrite an execution's history row gets: when it ends, from the dispatch row that is deleted in the same
/// statement (see migration V005).
/// </summary>
internal static class HistorySql
{
    /// <summary>
    /// Writes the end of each execution in <paramref name="ended"/>, a CTE (or subquery alias) with the columns
    /// <c>id, status, reason, error, result, output, attempt, max_attempts, lost_leases, worker_id, started_at, finished_at</c>.
    /// As a CTE it runs whether or not the statement reads it (PostgreSQL runs every data-modifying CTE).
    /// </summary>
    public static string Write(string ended) => $"""
        update gnomon_executions h set status = f.status, reason = f.reason, error = f.error, result = f.result, output = f.output,
            attempt = f.attempt, max_attempts = f.max_attempts, lost_leases = f.lost_leases, worker_id = f.worker_id,
            started_at = f.started_at, finished_at = f.finished_at
        from {ended} f where h.id = f.id
        """;

    /// <summary>
    /// The <c>returning</c> list of a delete from <c>gnomon_dispatch d</c> that ends executions with <paramref name="status"/>,
    /// <paramref name="reason"/> and <paramref name="error"/> (SQL expressions), no result and no worker holding them:
    /// the columns <see cref="Write"/> reads.
    /// </summary>
    public static string EndedWithout(string status, string reason, string error = "null") => $"""
        d.id, {status}::smallint as status, {reason}::text as reason, {error}::text as error, null::jsonb as result, null::text as output,
        d.attempt, d.max_attempts, d.lost_leases, null::uuid as worker_id, d.started_at, now() as finished_at
        """;
}
