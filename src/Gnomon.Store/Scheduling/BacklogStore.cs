using Gnomon.Store.Executions;
using Npgsql;

namespace Gnomon.Store.Scheduling;

/// <summary>Measures the backlog the scheduler's bound is about: pending executions already due, waiting for a worker.</summary>
/// <remarks>
/// <para>
/// Counted only up to a limit, walking the partial index <c>gnomon_dispatch_due (due_at) where status = 0</c> in
/// order: the scan stops after <c>limit</c> entries, so a backlog of a million rows costs what one of the limit does
/// (10,000 of 150,000 due rows: an index-only scan, about 3 ms). An exact count would read every pending row, and the
/// only question asked is whether the bound is reached.
/// </para>
/// <para>
/// The plan is pinned, not left to the statistics: a backlog grows faster than autovacuum re-analyzes the table, and
/// with statistics that still counted a few pending rows PostgreSQL chose a bitmap scan of every due entry and a sort
/// (100,000 rows read for a limit of 1,000), or a sequential scan through the finished rows; no limit stops either.
/// So the count runs in a transaction of its own with sequential scans, bitmap scans and sorts turned off for it, which
/// leaves the ordered walk of the index as the one plan.
/// </para>
/// </remarks>
public sealed class BacklogStore(NpgsqlDataSource dataSource)
{
    internal const string IndexWalkOnlySql = """
        select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)
        """;

    internal static readonly string CountDueSql = $"""
        select count(*) from (
            select 1 from gnomon_dispatch
            where status = {StatusSql.Pending} and due_at <= now()
            order by due_at
            limit $1) due
        """;

    /// <summary>The number of pending executions due by the database's now, counted up to <paramref name="limit"/> (a larger backlog reads as <paramref name="limit"/>).</summary>
    public async Task<int> CountDueAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand(IndexWalkOnlySql), new NpgsqlBatchCommand(CountDueSql).With(limit) },
        };

        long count;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            count = reader.GetInt64(0);
        }

        await transaction.CommitAsync(cancellationToken);
        return (int)count;
    }
}
