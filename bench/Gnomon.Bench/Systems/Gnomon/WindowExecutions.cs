using System.Text.Json;
using Gnomon.Bench.Measurement;
using Gnomon.Domain.Executions;
using Npgsql;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>
/// What Gnomon's own table says about the scheduled slots of a window: executions by status and reason, and the
/// lag of the succeeded ones as the worker recorded it (<c>started_at</c>, which the completion sets to when the
/// work really began, minus <c>scheduled_at</c>).
/// </summary>
internal static class WindowExecutions
{
    // One row per status and reason text; the reasons carry how late each slot was, so the kinds are grouped in C#.
    private const string ByStatusSql = """
        select status, reason, count(*) from gnomon_execution_state
        where trigger = 0 and scheduled_at >= $1 and scheduled_at < $2
        group by status, reason
        """;

    // percentile_disc is the nearest rank, as Percentiles.Of computes it for the peers.
    private const string LagSql = """
        select percentile_disc(array[0.5, 0.95, 0.99]) within group (order by lag_ms) filter (where status = $3),
               max(lag_ms) filter (where status = $3),
               count(*) - count(distinct (job_id, scheduled_at))
        from (select job_id, scheduled_at, status, extract(epoch from started_at - scheduled_at)::float8 * 1000 as lag_ms
              from gnomon_execution_state where trigger = 0 and scheduled_at >= $1 and scheduled_at < $2) e
        """;

    // Slots at or after a job's next_fire_at have no row yet: the scheduler had not reached them (it leaves next_fire_at
    // where it is while it holds new slots back). Every job here fires every second, so they are whole seconds to count.
    private const string NotYetWrittenSql = """
        select coalesce(sum(extract(epoch from $2 - greatest(next_fire_at, $1))), 0)::bigint
        from gnomon_job_fires where next_fire_at < $2
        """;

    /// <summary>Slots of the window that had no row because the scheduler had not yet written them when it stopped.</summary>
    public static async Task<long> NotYetWrittenAsync(string connectionString, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(NotYetWrittenSql);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<WindowTally> ReadAsync(
        string connectionString, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var rows = new List<(string, string?, long)>();
        await using (var command = dataSource.CreateCommand(ByStatusSql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var status = JsonNamingPolicy.CamelCase.ConvertName(((ExecutionStatus)reader.GetInt16(0)).ToString());
                rows.Add((status, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var (succeeded, notRun) = SlotTally.Summarise(rows);
        await using (var command = dataSource.CreateCommand(LagSql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            command.Parameters.Add(new NpgsqlParameter { Value = (short)ExecutionStatus.Succeeded });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            // Null when nothing succeeded: no lag to report.
            var lags = reader.IsDBNull(0) ? [double.NaN, double.NaN, double.NaN] : reader.GetFieldValue<double[]>(0);
            var max = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
            return new WindowTally(succeeded, notRun, reader.GetInt64(2), lags[0], lags[1], lags[2], max);
        }
    }
}
