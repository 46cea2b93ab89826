using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Notifications;
using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store.Executions;

/// <summary>Executions as the API reads and changes them: listing, triggering, cancelling.</summary>
public sealed class ExecutionStore(NpgsqlDataSource dataSource)
{
    // The history row with the live state of its dispatch row while it has one (a view, see migration V005).
    private const string Select = "select " + ExecutionRowReader.Columns + " from gnomon_execution_state e";

    public async Task<Execution?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Select + " where e.id = $1").With(id));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "select " + ExecutionRowReader.AttemptColumns + " from gnomon_execution_attempts where execution_id = $1 order by attempt").With(id));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var execution = ExecutionRowReader.Read(reader);
        await reader.NextResultAsync(cancellationToken);
        var attempts = new List<ExecutionAttempt>();
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(ExecutionRowReader.ReadAttempt(reader));
        }

        // An attempt's row is written when it ends and another follows; while it runs, and once it ended the execution,
        // the execution row is its record.
        if (execution.StartedAt is { } startedAt && execution.Attempt > 0 && attempts.All(a => a.Attempt != execution.Attempt)
            && execution.Status is not (ExecutionStatus.Pending or ExecutionStatus.Claimed))
        {
            // Running, the execution has no finish, error, result or output yet: the same fields say so.
            attempts.Add(new ExecutionAttempt
            {
                Attempt = execution.Attempt,
                WorkerId = execution.WorkerId,
                StartedAt = startedAt,
                FinishedAt = execution.FinishedAt,
                Status = execution.Status,
                Error = execution.Error,
                Result = execution.Result,
                Output = execution.Output,
            });
        }

        return execution with { Attempts = attempts };
    }

    /// <summary>Lists executions newest first.</summary>
    public async Task<IReadOnlyList<Execution>> ListAsync(ExecutionListFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + """
             where ($1::uuid is null or e.job_id = $1)
               and ($2::smallint[] is null or e.status = any($2))
               and ($3::timestamptz is null or e.scheduled_at >= $3)
               and ($4::timestamptz is null or e.scheduled_at <= $4)
               and ($5::text is null or e.queue = $5)
               and ($6::uuid is null or e.id < $6)
             order by e.id desc limit $7
            """)
            .With(filter.JobId, NpgsqlDbType.Uuid)
            .With(filter.Statuses?.Select(s => (short)s).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint)
            .With(filter.From?.ToUniversalTime(), NpgsqlDbType.TimestampTz)
            .With(filter.To?.ToUniversalTime(), NpgsqlDbType.TimestampTz)
            .With(filter.Queue, NpgsqlDbType.Text)
            .With(filter.After, NpgsqlDbType.Uuid)
            .With(filter.Limit);
        var list = new List<Execution>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new ExecutionRowReader.Ordinals(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ExecutionRowReader.Read(reader, columns));
        }

        return list;
    }

    /// <summary>Creates a manual execution of <paramref name="job"/>, due now.</summary>
    public async Task<Execution> TriggerAsync(Job job, JsonElement? payload, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using (var batch = dataSource.CreateBatch())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                with written as (
                    insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, payload, max_attempts)
                    values ($1, $2, $3, {TriggerSql.Manual}, now(), now(), {StatusSql.Pending}, $4, $5, $6, $7)
                    returning id, job_id, queue, priority, status, due_at, max_attempts)
                {DispatchSql.OpenFor("written")}
                """)
                .With(id).With(job.Id).With(job.Definition.Name).With((short)job.Definition.Priority).With(job.Definition.Queue)
                .With(payload?.GetRawText(), NpgsqlDbType.Jsonb).With(job.Definition.Retry.MaxAttempts));
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_notify('{Channels.Executions}', $1)").With(job.Definition.Queue));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Cancels an execution: one not started at once, a running one by telling its worker to stop it.</summary>
    public async Task<(CancelOutcome Outcome, Execution? Execution)> CancelAsync(Guid id, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            with target as materialized (select id, status from gnomon_dispatch where id = $1 for update),
            pending as (
                delete from gnomon_dispatch d using target t where d.id = t.id and t.status in {StatusSql.NotStarted}
                returning {HistorySql.EndedWithout(StatusSql.Cancelled, "$2")}),
            history as ({HistorySql.Write("pending")}),
            running as (
                update gnomon_dispatch d set cancel_requested = true, reason = $2
                from target t where d.id = t.id and t.status = {StatusSql.Running} returning d.id),
            notified as (select pg_notify('{Channels.Cancel}', id::text) as n from running)
            select exists (select 1 from gnomon_executions where id = $1), (select count(*) from pending), (select count(*) from notified)
            """).With(id).With(reason);
        CancelOutcome outcome;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                return (CancelOutcome.NotFound, null);
            }

            outcome = reader.GetInt64(1) > 0 ? CancelOutcome.Cancelled
                : reader.GetInt64(2) > 0 ? CancelOutcome.StopRequested
                : CancelOutcome.AlreadyFinished;
        }

        return (outcome, await GetAsync(id, cancellationToken));
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> executions that finished before <paramref name="cutoff"/>, oldest first.</summary>
    /// <remarks>
    /// The history is walked by id, which orders by creation (UUIDv7): an execution that finished before the cutoff was
    /// created before it, so the walk stops at the first id made after the cutoff, and no index of finish times is
    /// kept for it. Rows still running or waiting (no finish time) are stepped over.
    /// </remarks>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            with doomed as (select id from gnomon_executions where id < $3 and finished_at < $1 order by id limit $2),
            gone as (delete from gnomon_executions e using doomed d where e.id = d.id returning e.id),
            attempts as (delete from gnomon_execution_attempts a using gone g where a.execution_id = g.id)
            select count(*) from gone
            """).With(cutoff.ToUniversalTime()).With(batchSize).With(FirstIdAt(cutoff));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The smallest UUIDv7 of the millisecond <paramref name="instant"/>: every execution id made before it sorts lower.</summary>
    internal static Guid FirstIdAt(DateTimeOffset instant)
    {
        var hex = Math.Max(0, instant.ToUnixTimeMilliseconds()).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
        return Guid.Parse($"{hex[..8]}-{hex[8..]}-7000-8000-000000000000");
    }
}
