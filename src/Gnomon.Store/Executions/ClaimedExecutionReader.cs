using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Store.Json;
using Npgsql;

namespace Gnomon.Store.Executions;

/// <summary>What a claim hands the worker, the execution and from its job how to run it: the columns a claim returns, read by name.</summary>
internal static class ClaimedExecutionReader
{
    /// <summary>The claim's <c>returning</c> list over <c>gnomon_dispatch d</c>, <c>gnomon_executions e</c> and <c>gnomon_jobs j</c>; every column is named.</summary>
    public const string Columns = """
        e.id, e.job_id, e.job_name, e.trigger, e.scheduled_at, d.due_at,
        case when isfinite(d.due_at) then extract(epoch from (d.due_at - clock_timestamp()))::double precision end as due_in_seconds,
        d.attempt, d.max_attempts, d.priority, d.queue, d.status,
        j.executor, coalesce(e.payload, j.payload) as payload, j.timeout_ms, j.backoff_ms, j.backoff_multiplier, j.max_backoff_ms,
        j.concurrency_policy
        """;

    /// <summary>Reads claimed rows; a row that cannot be decoded, or names an instant outside the supported range, is returned apart.</summary>
    public static async Task<(List<ClaimedExecution> Claimed, List<SetAsideExecution> Unusable)> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedExecution>();
        var unusable = new List<SetAsideExecution>();
        var columns = reader.FieldCount > 0 ? new Ordinals(reader) : default;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(columns.Id);
            try
            {
                var execution = Read(reader, columns);
                if (OutOfRange(execution) is { } why)
                {
                    unusable.Add(new SetAsideExecution(id, why));
                }
                else
                {
                    claimed.Add(execution);
                }
            }
            catch (Exception ex) when (PoisonRows.IsDecodeError(ex))
            {
                unusable.Add(new SetAsideExecution(id, PoisonRows.Reason("reading the claimed execution", ex)));
            }
        }

        return (claimed, unusable);
    }

    private static string? OutOfRange(ClaimedExecution execution) =>
        !JobLimits.IsInstantInRange(execution.ScheduledAt) || !JobLimits.IsInstantInRange(execution.DueAt)
            ? $"set aside: its instants (scheduled {execution.ScheduledAt:O}, due {execution.DueAt:O}) lie outside 2000-01-01 to 9999-12-31, "
                + "so it cannot be run on time; the row must be corrected or deleted"
            : null;

    private static ClaimedExecution Read(NpgsqlDataReader r, Ordinals c)
    {
        var attempt = r.GetInt32(c.Attempt);
        var maxAttempts = r.GetInt32(c.MaxAttempts);
        return new(
            Id: r.GetGuid(c.Id),
            JobId: r.GetGuid(c.JobId),
            JobName: r.GetString(c.JobName),
            Trigger: (ExecutionTrigger)r.GetInt16(c.Trigger),
            ScheduledAt: r.GetFieldValue<DateTimeOffset>(c.ScheduledAt),
            DueAt: r.GetFieldValue<DateTimeOffset>(c.DueAt),
            // Null only for an infinite due time, which the range check then sets aside.
            DueIn: r.IsDBNull(c.DueInSeconds) ? TimeSpan.Zero : TimeSpan.FromSeconds(r.GetDouble(c.DueInSeconds)),
            Attempt: attempt,
            MaxAttempts: maxAttempts,
            Priority: r.GetInt16(c.Priority),
            Queue: r.GetString(c.Queue),
            Executor: JsonSerializer.Deserialize<ExecutorSpec>(r.GetString(c.Executor), StoreJson.Options) ?? throw new JsonException("the job's executor is null"),
            Payload: r.IsDBNull(c.Payload) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(c.Payload)),
            Timeout: TimeSpan.FromMilliseconds(r.GetInt32(c.TimeoutMs)),
            Retry: new RetryPolicy(maxAttempts, TimeSpan.FromMilliseconds(r.GetInt32(c.BackoffMs)), r.GetDouble(c.BackoffMultiplier), TimeSpan.FromMilliseconds(r.GetInt32(c.MaxBackoffMs))),
            ConcurrencyPolicy: (ConcurrencyPolicy)r.GetInt16(c.ConcurrencyPolicy),
            StartedAttempt: r.GetInt16(c.Status) == (short)ExecutionStatus.Running ? attempt : 0);
    }

    /// <summary>Where each named column of <see cref="Columns"/> is in one result set, looked up once per result set.</summary>
    private readonly struct Ordinals(NpgsqlDataReader r)
    {
        public int Id { get; } = r.GetOrdinal("id");

        public int JobId { get; } = r.GetOrdinal("job_id");

        public int JobName { get; } = r.GetOrdinal("job_name");

        public int Trigger { get; } = r.GetOrdinal("trigger");

        public int ScheduledAt { get; } = r.GetOrdinal("scheduled_at");

        public int DueAt { get; } = r.GetOrdinal("due_at");

        public int DueInSeconds { get; } = r.GetOrdinal("due_in_seconds");

        public int Attempt { get; } = r.GetOrdinal("attempt");

        public int MaxAttempts { get; } = r.GetOrdinal("max_attempts");

        public int Priority { get; } = r.GetOrdinal("priority");

        public int Queue { get; } = r.GetOrdinal("queue");

        public int Status { get; } = r.GetOrdinal("status");

        public int Executor { get; } = r.GetOrdinal("executor");

        public int Payload { get; } = r.GetOrdinal("payload");

        public int TimeoutMs { get; } = r.GetOrdinal("timeout_ms");

        public int BackoffMs { get; } = r.GetOrdinal("backoff_ms");

        public int BackoffMultiplier { get; } = r.GetOrdinal("backoff_multiplier");

        public int MaxBackoffMs { get; } = r.GetOrdinal("max_backoff_ms");

        public int ConcurrencyPolicy { get; } = r.GetOrdinal("concurrency_policy");
    }
}
