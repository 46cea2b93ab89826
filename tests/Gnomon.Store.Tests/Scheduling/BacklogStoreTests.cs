using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Store.Scheduling;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Scheduling;

public sealed class BacklogStoreTests
{
    [Fact]
    public async Task CountDueAsync_MixedRows_CountsOnlyPendingRowsAlreadyDue()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await InsertAsync(connectionString, 30, ExecutionStatus.Pending, TimeSpan.FromMinutes(-1));
        await InsertAsync(connectionString, 10, ExecutionStatus.Pending, TimeSpan.FromMinutes(1));
        await InsertAsync(connectionString, 10, ExecutionStatus.Claimed, TimeSpan.FromMinutes(-1));
        await InsertAsync(connectionString, 10, ExecutionStatus.Running, TimeSpan.FromMinutes(-1));
        await InsertAsync(connectionString, 10, ExecutionStatus.Succeeded, TimeSpan.FromMinutes(-1));
        await using var node = TestNode.Create(connectionString);

        var count = await node.Get<BacklogStore>().CountDueAsync(1000, CancellationToken.None);

        Assert.Equal(30, count);
    }

    [Fact]
    public async Task CountDueAsync_BacklogOverTheLimit_CountsUpToTheLimit()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await InsertAsync(connectionString, 500, ExecutionStatus.Pending, TimeSpan.FromMinutes(-1));
        await using var node = TestNode.Create(connectionString);

        var count = await node.Get<BacklogStore>().CountDueAsync(100, CancellationToken.None);

        Assert.Equal(100, count);
    }

    /// <summary>
    /// The count must cost what its limit does, whatever the backlog and the table's statistics: finished rows first
    /// (as in a table that has run for a while), then 100,000 due pending rows; asked before ANALYZE (statistics that
    /// know of no backlog: left to itself, PostgreSQL read every due entry and sorted them) and after.
    /// </summary>
    [Fact]
    public async Task CountDueSql_LargeBacklog_ReadsNoMoreRowsThanTheLimit()
    {
        const int limit = 1000;
        var connectionString = await TestDatabase.CreateAsync();
        await InsertAsync(connectionString, 50_000, ExecutionStatus.Succeeded, TimeSpan.FromHours(-1));
        await InsertAsync(connectionString, 100_000, ExecutionStatus.Pending, TimeSpan.FromMinutes(-1));

        var fresh = await ExplainAsync(connectionString, limit);
        await Sql.ExecuteAsync(connectionString, "analyze gnomon_dispatch");
        var analyzed = await ExplainAsync(connectionString, limit);

        foreach (var plan in new[] { fresh, analyzed })
        {
            var scans = Nodes(plan).Where(n => n.GetProperty("Node Type").GetString()!.Contains("Scan", StringComparison.Ordinal)).ToList();
            var scan = Assert.Single(scans);
            Assert.True(scan.TryGetProperty("Index Name", out var index), $"not an index scan: {plan}");
            Assert.Equal("gnomon_dispatch_due", index.GetString());
            var read = scan.GetProperty("Actual Rows").GetInt64() + (scan.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetInt64() : 0);
            Assert.True(read <= limit, $"the scan read {read} rows for a limit of {limit}: {plan}");
        }
    }

    private static async Task<JsonElement> ExplainAsync(string connectionString, int limit)
    {
        // As the store runs it: in a transaction with its plan settings.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(BacklogStore.IndexWalkOnlySql, connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("explain (analyze, format json) " + BacklogStore.CountDueSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var json = (string)(await command.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan").Clone();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }

    private static async Task<int> InsertAsync(string connectionString, int count, ExecutionStatus status, TimeSpan dueIn)
    {
        var inserted = await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts)
            select gen_random_uuid(), gen_random_uuid(), 'backlog', $4, now() + $3 - i * interval '1 ms', now() + $3 - i * interval '1 ms', $2, 0, 'default', 1
            from generate_series(1, $1) i
            """, count, (short)status, dueIn, (short)ExecutionTrigger.Schedule);
        await TestDispatch.LiftLiveRowsAsync(connectionString);
        return inserted;
    }
}
