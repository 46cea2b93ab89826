using Gnomon.Domain.Stats;
using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store.Stats;

/// <summary>The per-minute counts of <c>gnomon_stats</c>: each node adds to its own rows, readers add the nodes up.</summary>
public sealed class StatsStore(NpgsqlDataSource dataSource)
{
    internal const string AddSql = """
        insert into gnomon_stats as s (minute, node_id, succeeded, failed, timed_out, cancelled, retrying, skipped, lag_buckets, backlog)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        on conflict (minute, node_id) do update set
            succeeded = s.succeeded + excluded.succeeded,
            failed = s.failed + excluded.failed,
            timed_out = s.timed_out + excluded.timed_out,
            cancelled = s.cancelled + excluded.cancelled,
            retrying = s.retrying + excluded.retrying,
            skipped = s.skipped + excluded.skipped,
            lag_buckets = array(
                select coalesce(a, 0) + coalesce(b, 0)
                from unnest(s.lag_buckets, excluded.lag_buckets) with ordinality as u(a, b, n)
                order by n),
            backlog = greatest(s.backlog, excluded.backlog)
        """;

    /// <summary>Adds <paramref name="minutes"/> to <paramref name="nodeId"/>'s rows, in one round trip.</summary>
    public async Task AddAsync(Guid nodeId, IReadOnlyList<MinuteStats> minutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        if (minutes.Count == 0)
        {
            return;
        }

        await using var batch = dataSource.CreateBatch();
        foreach (var m in minutes)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(AddSql)
                .With(m.Minute).With(nodeId).With(m.Succeeded).With(m.Failed).With(m.TimedOut).With(m.Cancelled)
                .With(m.Retrying).With(m.Skipped).With(m.Lag).With(m.Backlog, NpgsqlDbType.Integer));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The minutes from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) that have rows, every node added up, oldest first.</summary>
    public async Task<IReadOnlyList<MinuteStats>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select minute, succeeded, failed, timed_out, cancelled, retrying, skipped, lag_buckets, backlog
            from gnomon_stats where minute >= $1 and minute < $2
            order by minute
            """).With(from.ToUniversalTime()).With(to.ToUniversalTime());
        var minutes = new List<MinuteStats>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var c = new Columns(r);
        while (await r.ReadAsync(cancellationToken))
        {
            var row = new MinuteStats(r.GetFieldValue<DateTimeOffset>(c.Minute))
            {
                Succeeded = r.GetInt64(c.Succeeded),
                Failed = r.GetInt64(c.Failed),
                TimedOut = r.GetInt64(c.TimedOut),
                Cancelled = r.GetInt64(c.Cancelled),
                Retrying = r.GetInt64(c.Retrying),
                Skipped = r.GetInt64(c.Skipped),
                Backlog = r.IsDBNull(c.Backlog) ? null : r.GetInt32(c.Backlog),
            };
            row.AddLag(r.GetFieldValue<long[]>(c.Lag));
            if (minutes.Count > 0 && minutes[^1].Minute == row.Minute)
            {
                minutes[^1].Add(row);
            }
            else
            {
                minutes.Add(row);
            }
        }

        return minutes;
    }

    /// <summary>Deletes the minutes before <paramref name="cutoff"/>; returns how many rows went.</summary>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("delete from gnomon_stats where minute < $1").With(cutoff.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Columns(NpgsqlDataReader r)
    {
        public int Minute { get; } = r.GetOrdinal("minute");

        public int Succeeded { get; } = r.GetOrdinal("succeeded");

        public int Failed { get; } = r.GetOrdinal("failed");

        public int TimedOut { get; } = r.GetOrdinal("timed_out");

        public int Cancelled { get; } = r.GetOrdinal("cancelled");

        public int Retrying { get; } = r.GetOrdinal("retrying");

        public int Skipped { get; } = r.GetOrdinal("skipped");

        public int Lag { get; } = r.GetOrdinal("lag_buckets");

        public int Backlog { get; } = r.GetOrdinal("backlog");
    }
}
