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

    /// <summary>Reads the current row of a result set with one row; for several, look the columns up once with <see cref="Ordinals"/>.</summary>
    public static Execution Read(NpgsqlDataReader r) => Read(r, new Ordinals(r));

    public static Execution Read(NpgsqlDataReader r, Ordinals c)
    {
        var status = (ExecutionStatus)r.GetInt16(c.Status);
        var attempt = r.GetInt32(c.Attempt);
        return new Execution
        {
            Id = r.GetGuid(c.Id),
            JobId = r.GetGuid(c.JobId),
            JobName = r.GetString(c.JobName),
            Trigger = (ExecutionTrigger)r.GetInt16(c.Trigger),
            ScheduledAt = r.GetFieldValue<DateTimeOffset>(c.ScheduledAt),
            // A pending execution that already ran once waits for its retry: due_at is its not-before.
            NotBefore = status is ExecutionStatus.Pending or ExecutionStatus.Claimed && attempt > 0 ? r.GetFieldValue<DateTimeOffset>(c.DueAt) : null,
            Status = status,
            Reason = r.GetStringOrNull(c.Reason),
            Priority = r.GetInt16(c.Priority),
            Queue = r.GetString(c.Queue),
            Attempt = attempt,
            MaxAttempts = r.GetInt32(c.MaxAttempts),
            WorkerId = r.GetGuidOrNull(c.WorkerId),
            StartedAt = r.GetInstantOrNull(c.StartedAt),
            FinishedAt = r.GetInstantOrNull(c.FinishedAt),
            Result = r.IsDBNull(c.Result) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(c.Result)),
            Output = r.GetStringOrNull(c.Output),
            Error = r.GetStringOrNull(c.Error),
            CancelRequested = r.GetBoolean(c.CancelRequested),
            Attempts = [],
        };
    }

    /// <summary>Where each named column of <see cref="Columns"/> is in one result set, looked up once per result set.</summary>
    public readonly struct Ordinals(NpgsqlDataReader r)
    {
        public int Id { get; } = r.GetOrdinal("id");

        public int JobId { get; } = r.GetOrdinal("job_id");

        public int JobName { get; } = r.GetOrdinal("job_name");

        public int Trigger { get; } = r.GetOrdinal("trigger");

        public int ScheduledAt { get; } = r.GetOrdinal("scheduled_at");

        public int DueAt { get; } = r.GetOrdinal("due_at");

        public int Status { get; } = r.GetOrdinal("status");

        public int Reason { get; } = r.GetOrdinal("reason");

        public int Priority { get; } = r.GetOrdinal("priority");

        public int Queue { get; } = r.GetOrdinal("queue");

        public int Attempt { get; } = r.GetOrdinal("attempt");

        public int MaxAttempts { get; } = r.GetOrdinal("max_attempts");

        public int WorkerId { get; } = r.GetOrdinal("worker_id");

        public int StartedAt { get; } = r.GetOrdinal("started_at");

        public int FinishedAt { get; } = r.GetOrdinal("finished_at");

        public int Result { get; } = r.GetOrdinal("result");

        public int Output { get; } = r.GetOrdinal("output");

        public int Error { get; } = r.GetOrdinal("error");

        public int CancelRequested { get; } = r.GetOrdinal("cancel_requested");
    }

    /// <summary>The columns of an attempt row, for <see cref="ReadAttempt"/>.</summary>
    public const string AttemptColumns = "attempt, worker_id, started_at, finished_at, status, error, result, output, late_report";

    public static ExecutionAttempt ReadAttempt(NpgsqlDataReader r) => new()
    {
        Attempt = r.GetInt32(r.GetOrdinal("attempt")),
        WorkerId = r.GetGuidOrNull(r.GetOrdinal("worker_id")),
        StartedAt = r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("started_at")),
        FinishedAt = r.GetInstantOrNull(r.GetOrdinal("finished_at")),
        Status = (ExecutionStatus)r.GetInt16(r.GetOrdinal("status")),
        Error = r.GetStringOrNull(r.GetOrdinal("error")),
        Result = r.GetOrdinal("result") is var result && r.IsDBNull(result) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(result)),
        Output = r.GetStringOrNull(r.GetOrdinal("output")),
        LateReport = r.GetStringOrNull(r.GetOrdinal("late_report")),
    };
}
