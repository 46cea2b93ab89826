using System.Text.Json;
using Gnomon.Domain.Executions;
using Npgsql;

namespace Gnomon.Store.Executions;

/// <summary>Maps rows selected with <see cref="Columns"/> to <see cref="Execution"/>.</summary>
internal static class ExecutionRowReader
{
    public const string Columns = """
        e.id, e.job_id, e.job_name, e.trigger, e.scheduled_at, e.due_at, e.status, e.reason, e.priority, e.queue,
        e.attempt, e.max_attempts, e.worker_id, e.started_at, e.finished_at, e.result, e.output, e.error, e.cancel_requested
        """;

    public static Execution Read(NpgsqlDataReader r, IReadOnlyList<ExecutionAttempt>? attempts = null)
    {
        var status = (ExecutionStatus)r.GetInt16(6);
        var attempt = r.GetInt32(10);
        return new Execution
        {
            Id = r.GetGuid(0),
            JobId = r.GetGuid(1),
            JobName = r.GetString(2),
            Trigger = (ExecutionTrigger)r.GetInt16(3),
            ScheduledAt = r.GetFieldValue<DateTimeOffset>(4),
            // A pending execution that already ran once waits for its retry: due_at is its not-before.
            NotBefore = status is ExecutionStatus.Pending or ExecutionStatus.Claimed && attempt > 0 ? r.GetFieldValue<DateTimeOffset>(5) : null,
            Status = status,
            Reason = r.GetStringOrNull(7),
            Priority = r.GetInt16(8),
            Queue = r.GetString(9),
            Attempt = attempt,
            MaxAttempts = r.GetInt32(11),
            WorkerId = r.GetGuidOrNull(12),
            StartedAt = r.GetInstantOrNull(13),
            FinishedAt = r.GetInstantOrNull(14),
            Result = r.IsDBNull(15) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(15)),
            Output = r.GetStringOrNull(16),
            Error = r.GetStringOrNull(17),
            CancelRequested = r.GetBoolean(18),
            Attempts = attempts ?? [],
        };
    }

    public static ExecutionAttempt ReadAttempt(NpgsqlDataReader r) => new()
    {
        Attempt = r.GetInt32(0),
        WorkerId = r.GetGuidOrNull(1),
        StartedAt = r.GetFieldValue<DateTimeOffset>(2),
        FinishedAt = r.GetInstantOrNull(3),
        Status = (ExecutionStatus)r.GetInt16(4),
        Error = r.GetStringOrNull(5),
        Result = r.IsDBNull(6) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(6)),
        Output = r.GetStringOrNull(7),
        LateReport = r.GetStringOrNull(8),
    };
}
