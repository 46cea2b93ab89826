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
        least({StoredNextFire}, (select min(e.scheduled_at) from gnomon_executions e
            where e.job_id = j.id and e.trigger = {TriggerSql.Schedule} and e.scheduled_at > now()))
        """;

    /// <summary>The job columns every job query selects, with the latest started-or-due execution; read by name.</summary>
    public static readonly string Columns = JobColumns.Replace(StoredNextFire + " as next_fire_at", NextFireExpression + " as next_fire_at", StringComparison.Ordinal)
        + ", le.id as last_id, le.status as last_status, le.scheduled_at as last_scheduled_at, le.finished_at as last_finished_at";

    /// <summary>The job's own columns, each named; <see cref="NoLastExecution"/> completes them where the last execution is not joined.</summary>
    public const string JobColumns = """
        j.id, j.name, j.description, j.schedule, j.executor, j.payload, j.priority, j.queue, j.timeout_ms,
        j.max_attempts, j.backoff_ms, j.backoff_multiplier, j.max_backoff_ms, j.concurrency_policy, j.misfire_policy,
        j.paused, j.labels, j.created_at, j.updated_at, j.version,
        """ + " " + StoredNextFire + " as next_fire_at";

    /// <summary>The job's first slot not yet materialised, kept in its narrow row of <c>gnomon_job_fires</c> (migration V006).</summary>
    internal const string StoredNextFire = "(select f.next_fire_at from gnomon_job_fires f where f.job_id = j.id)";

    /// <summary>The last-execution columns, empty, for queries without <see cref="LastExecutionJoin"/>.</summary>
    public const string NoLastExecution = "null::uuid as last_id, null::smallint as last_status, null::timestamptz as last_scheduled_at, null::timestamptz as last_finished_at";

    /// <summary>The join that feeds the last-execution columns: the newest execution whose slot has come.</summary>
    public const string LastExecutionJoin = """
        left join lateral (
            select e.id, coalesce(d.status, e.status) as status, e.scheduled_at, e.finished_at
            from gnomon_executions e left join gnomon_dispatch d on d.id = e.id
            where e.job_id = j.id and e.scheduled_at <= now()
            order by e.id desc limit 1) le on true
        """;

    /// <summary>A jsonb payload column; null for SQL null.</summary>
    public static JsonElement? ReadPayload(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(ordinal));

    /// <summary>Reads the current row of a result set with one row; for several, look the columns up once with <see cref="Ordinals"/>.</summary>
    public static Job Read(NpgsqlDataReader r) => Read(r, new Ordinals(r));

    public static Job Read(NpgsqlDataReader r, Ordinals c)
    {
        var definition = new JobDefinition
        {
            Name = r.GetString(c.Name),
            Description = r.GetStringOrNull(c.Description),
            Schedule = JsonSerializer.Deserialize<ScheduleSpec>(r.GetString(c.Schedule), StoreJson.Options) ?? throw new JsonException("the job's schedule is null"),
            Executor = JsonSerializer.Deserialize<ExecutorSpec>(r.GetString(c.Executor), StoreJson.Options) ?? throw new JsonException("the job's executor is null"),
            Payload = ReadPayload(r, c.Payload),
            Priority = r.GetInt16(c.Priority),
            Queue = r.GetString(c.Queue),
            Timeout = TimeSpan.FromMilliseconds(r.GetInt32(c.TimeoutMs)),
            Retry = new RetryPolicy(r.GetInt32(c.MaxAttempts), TimeSpan.FromMilliseconds(r.GetInt32(c.BackoffMs)), r.GetDouble(c.BackoffMultiplier), TimeSpan.FromMilliseconds(r.GetInt32(c.MaxBackoffMs))),
            ConcurrencyPolicy = (ConcurrencyPolicy)r.GetInt16(c.ConcurrencyPolicy),
            MisfirePolicy = (MisfirePolicy)r.GetInt16(c.MisfirePolicy),
            Paused = r.GetBoolean(c.Paused),
            Labels = r.IsDBNull(c.Labels) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(c.Labels)),
        };

        return new Job
        {
            Id = r.GetGuid(c.Id),
            Definition = definition,
            NextFireAt = r.GetInstantOrNull(c.NextFireAt),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(c.CreatedAt),
            UpdatedAt = r.GetFieldValue<DateTimeOffset>(c.UpdatedAt),
            Version = r.GetInt32(c.Version),
            LastExecution = r.IsDBNull(c.LastId)
                ? null
                : new ExecutionSummary(r.GetGuid(c.LastId), (ExecutionStatus)r.GetInt16(c.LastStatus), r.GetFieldValue<DateTimeOffset>(c.LastScheduledAt), r.GetInstantOrNull(c.LastFinishedAt)),
        };
    }

    /// <summary>Where each named job column is in one result set, looked up once per result set.</summary>
    public readonly struct Ordinals(NpgsqlDataReader r)
    {
        public int Id { get; } = r.GetOrdinal("id");

        public int Name { get; } = r.GetOrdinal("name");

        public int Description { get; } = r.GetOrdinal("description");

        public int Schedule { get; } = r.GetOrdinal("schedule");

        public int Executor { get; } = r.GetOrdinal("executor");

        public int Payload { get; } = r.GetOrdinal("payload");

        public int Priority { get; } = r.GetOrdinal("priority");

        public int Queue { get; } = r.GetOrdinal("queue");

        public int TimeoutMs { get; } = r.GetOrdinal("timeout_ms");

        public int MaxAttempts { get; } = r.GetOrdinal("max_attempts");

        public int BackoffMs { get; } = r.GetOrdinal("backoff_ms");

        public int BackoffMultiplier { get; } = r.GetOrdinal("backoff_multiplier");

        public int MaxBackoffMs { get; } = r.GetOrdinal("max_backoff_ms");

        public int ConcurrencyPolicy { get; } = r.GetOrdinal("concurrency_policy");

        public int MisfirePolicy { get; } = r.GetOrdinal("misfire_policy");

        public int Paused { get; } = r.GetOrdinal("paused");

        public int Labels { get; } = r.GetOrdinal("labels");

        public int NextFireAt { get; } = r.GetOrdinal("next_fire_at");

        public int CreatedAt { get; } = r.GetOrdinal("created_at");

        public int UpdatedAt { get; } = r.GetOrdinal("updated_at");

        public int Version { get; } = r.GetOrdinal("version");

        public int LastId { get; } = r.GetOrdinal("last_id");

        public int LastStatus { get; } = r.GetOrdinal("last_status");

        public int LastScheduledAt { get; } = r.GetOrdinal("last_scheduled_at");

        public int LastFinishedAt { get; } = r.GetOrdinal("last_finished_at");
    }
}
