namespace Gnomon.Store.Executions;

/// <summary>The dispatch row an execution gets when its history row is written (see migration V005).</summary>
internal static class DispatchSql
{
    /// <summary>
    /// Inserts a pending dispatch row for each row of <paramref name="written"/> (a CTE over history rows just inserted,
    /// with <c>id, job_id, queue, priority, status, due_at, max_attempts</c>) that is still to run.
    /// </summary>
    public static string OpenFor(string written) => $"""
        insert into gnomon_dispatch (id, job_id, queue, priority, status, due_at, max_attempts)
        select id, job_id, queue, priority, status, due_at, max_attempts from {written} where status = {StatusSql.Pending}
        """;
}
