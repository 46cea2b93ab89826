using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Domain.Schedules;
using Gnomon.Store.Executions;
using Gnomon.Store.Json;
using Npgsql;

namespace Gnomon.Store.Jobs;

/// <summary>Maps rows selected with <see cref="Columns"/> to <see cref="Job"/>.</summary>
internal static class JobRowReader
{
    /// <summary>
    /// The next fire as users mean it: slots the scheduler already wrote ahead (served by the unique slot index)
    /// come before <c>next_fire_at</c>, which is only the first slot not yet written.
    /// </summary>
    /// <remarks>Declared before <see cref="Columns"/>, which is built from it: static fields are set in textual order.</remarks>
    private static readonly string NextFireExpression = $"""
        least(j.next_fire_at, (select min(e.scheduled_at) from gnomon_executions e
            where e.job_id = j.id and e.trigger = {TriggerSql.Schedule} and e.scheduled_at > now()))
        """;

    /// <summary>The job columns every job query selects, in this order, with the latest started-or-due execution.</summary>
    public static readonly string Columns = JobColumns.Replace("j.next_fire_at", NextFireExpression, StringComparison.Ordinal)
        + ", le.id, le.status, le.scheduled_at, le.finished_at";

    /// <summary>How many columns <see cref="Columns"/> selects (the job's own and the four of its last execution).</summary>
    public const int ColumnCount = 24;

    /// <summary>The position of <c>paused</c> in <see cref="JobColumns"/>, readable when the rest of a row is not.</summary>
    public const int PausedColumn = 15;

    /// <summary>The job's own columns; callers without the last-execution join append four nulls.</summary>
    public const string JobColumns = """
        j.id, j.name, j.description, j.schedule, j.executor, j.payload, j.priority, j.queue, j.timeout_ms,
        j.max_attempts, j.backoff_ms, j.backoff_multiplier, j.max_backoff_ms, j.concurrency_policy, j.misfire_policy,
        j.paused, j.next_fire_at, j.created_at, j.updated_at, j.version
        """;

    /// <summary>The join that feeds the last four columns: the newest execution whose slot has come.</summary>
    public const string LastExecutionJoin = """
        left join lateral (
            select e.id, e.status, e.scheduled_at, e.finished_at from gnomon_executions e
            where e.job_id = j.id and e.scheduled_at <= now()
            order by e.id desc limit 1) le on true
        """;

    /// <summary>A jsonb payload column; null for SQL null.</summary>
    public static JsonElement? ReadPayload(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(ordinal));

    public static Job Read(NpgsqlDataReader r)
    {
        var definition = new JobDefinition
        {
            Name = r.GetString(1),
            Description = r.GetStringOrNull(2),
            Schedule = JsonSerializer.Deserialize<ScheduleSpec>(r.GetString(3), StoreJson.Options)!,
            Executor = JsonSerializer.Deserialize<ExecutorSpec>(r.GetString(4), StoreJson.Options)!,
            Payload = ReadPayload(r, 5),
            Priority = r.GetInt16(6),
            Queue = r.GetString(7),
            Timeout = TimeSpan.FromMilliseconds(r.GetInt32(8)),
            Retry = new RetryPolicy(r.GetInt32(9), TimeSpan.FromMilliseconds(r.GetInt32(10)), r.GetDouble(11), TimeSpan.FromMilliseconds(r.GetInt32(12))),
            ConcurrencyPolicy = (ConcurrencyPolicy)r.GetInt16(13),
            MisfirePolicy = (MisfirePolicy)r.GetInt16(14),
            Paused = r.GetBoolean(15),
        };

        return new Job
        {
            Id = r.GetGuid(0),
            Definition = definition,
            NextFireAt = r.GetInstantOrNull(16),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(17),
            UpdatedAt = r.GetFieldValue<DateTimeOffset>(18),
            Version = r.GetInt32(19),
            LastExecution = r.IsDBNull(20)
                ? null
                : new ExecutionSummary(r.GetGuid(20), (ExecutionStatus)r.GetInt16(21), r.GetFieldValue<DateTimeOffset>(22), r.GetInstantOrNull(23)),
        };
    }
}
