using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Executions;
using Gnomon.Store.Json;
using Gnomon.Store.Notifications;
using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store.Jobs;

/// <summary>Jobs in PostgreSQL: the definitions users write and the next slot the scheduler keeps.</summary>
/// <remarks>
/// Every write notifies <see cref="Channels.Jobs"/> in its transaction, so schedulers see it at commit.
/// Changing a schedule or pausing drops the slots a scheduler already materialised ahead but no worker
/// has started, so the change takes effect from the next slot.
/// </remarks>
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    /// <summary>How long a change to a job waits for another change of the same job to commit.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(2);

    private static readonly string SelectJob = "select " + JobRowReader.Columns + " from gnomon_jobs j " + JobRowReader.LastExecutionJoin;

    // Any number of rows in one statement: the columns arrive as arrays, a taken name (or id) skips its row rather
    // than failing the statement, so the caller learns every conflict at once from what was returned. The
    // notifications are sent by the same statement, for the rows inserted only, a chunk of ids per notification.
    private static readonly string InsertSql = $"""
        with input as (
            select * from unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::smallint[],
                $9::text[], $10::integer[], $11::integer[], $12::integer[], $13::double precision[], $14::integer[], $15::smallint[],
                $16::smallint[], $17::boolean[], $18::timestamptz[], $19::jsonb[])
                as t(id, name, description, partition, schedule, executor, payload, priority, queue, timeout_ms, max_attempts, backoff_ms,
                    backoff_multiplier, max_backoff_ms, concurrency_policy, misfire_policy, paused, next_fire_at, labels)),
        inserted as (
            insert into gnomon_jobs (id, name, description, partition, schedule, executor, payload, priority, queue, timeout_ms,
                max_attempts, backoff_ms, backoff_multiplier, max_backoff_ms, concurrency_policy, misfire_policy, paused, labels,
                created_at, updated_at, version)
            select id, name, description, partition, schedule, executor, payload, priority, queue, timeout_ms,
                max_attempts, backoff_ms, backoff_multiplier, max_backoff_ms, concurrency_policy, misfire_policy, paused, labels, now(), now(), 1
            from input
            on conflict do nothing
            returning id, created_at, payload),
        fires as (
            insert into gnomon_job_fires (job_id, partition, next_fire_at)
            select t.id, t.partition, case when t.paused then null else t.next_fire_at end from input t join inserted i on i.id = t.id),
        notified as (
            select pg_notify('{Channels.Jobs}', string_agg(c.id::text, ','))
            from (select id, (row_number() over () - 1) / {Channels.MaxJobIdsPerNotification} as chunk from inserted) c
            group by c.chunk)
        select i.id, i.created_at, i.payload from inserted i cross join (select count(*) from notified) n
        """;

    // Counts the job rows replaced: one, or none when the job is gone or its version did not match.
    private const string UpdateSql = """
        with job as (
            update gnomon_jobs set name = $2, description = $3, schedule = $5, executor = $6, payload = $7, priority = $8,
                queue = $9, timeout_ms = $10, max_attempts = $11, backoff_ms = $12, backoff_multiplier = $13, max_backoff_ms = $14,
                concurrency_policy = $15, misfire_policy = $16, paused = $17, labels = $20, updated_at = now(), version = version + 1
            where id = $1 and ($19::integer is null or version = $19)
            returning id, paused)
        update gnomon_job_fires f set next_fire_at = case when job.paused then null else $18::timestamptz end from job where f.job_id = job.id
        """;

    // Slots materialised ahead that no worker started yet follow the job's new definition instead.
    private static readonly string DropUnstartedSlotsSql = $"""
        with doomed as materialized (
            select d.id from gnomon_dispatch d join gnomon_executions e on e.id = d.id
            where d.job_id = $1 and e.trigger = {TriggerSql.Schedule} and d.status in {StatusSql.NotStarted} and d.attempt = 0 and e.scheduled_at > now()
            order by d.id for update of d),
        live as (delete from gnomon_dispatch d using doomed x where d.id = x.id)
        delete from gnomon_executions e using doomed x where e.id = x.id
        """;

    private const string NotifySql = "select pg_notify('" + Channels.Jobs + "', $1::text)";

    /// <summary>Finds a job by id, or by name when <paramref name="idOrName"/> is not a UUID.</summary>
    public async Task<Job?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        var byId = Guid.TryParse(idOrName, out var id);
        if (!byId && !JobLimits.IsValidName(idOrName))
        {
            // No job can have it (and PostgreSQL refuses some of it, such as NUL): not found, without asking.
            return null;
        }

        await using var command = dataSource.CreateCommand(SelectJob + (byId ? " where j.id = $1" : " where j.name = $1"));
        if (byId)
        {
            command.With(id);
        }
        else
        {
            command.With(idOrName);
        }

        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<Job?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectJob + " where j.id = $1").With(id);
        return await ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>Reads a job back on the connection that wrote it: a second connection per write would let a burst of
    /// writes, each holding one connection and waiting for another, exhaust the pool after committing.</summary>
    private static async Task<Job?> GetAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectJob + " where j.id = $1", connection).With(id);
        return await ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>
    /// Begins a transaction that changes an existing job. Writes to one job queue on its row lock; each waits at most
    /// <see cref="LockTimeout"/>, then fails with SQLSTATE 55P03 (the API answers 503 with Retry-After), so a burst
    /// of writes to one job cannot hold connections for long.
    /// </summary>
    private static async Task<NpgsqlTransaction> BeginWriteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select set_config('lock_timeout', $1, true)", connection, transaction)
            .With($"{(int)LockTimeout.TotalMilliseconds}ms");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>Lists jobs newest first.</summary>
    public async Task<IReadOnlyList<Job>> ListAsync(JobListFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectJob + """
             where ($1::boolean is null or j.paused = $1)
               and ($2::text is null or j.queue = $2)
               and ($3::text is null or lower(j.name) like $3)
               and ($4::uuid is null or j.id < $4)
               and ($6::jsonb is null or j.labels @> $6)
             order by j.id desc limit $5
            """)
            .With(filter.Paused, NpgsqlDbType.Boolean)
            .With(filter.Queue, NpgsqlDbType.Text)
            .With(ContainsPattern(filter.NameContains), NpgsqlDbType.Text)
            .With(filter.After, NpgsqlDbType.Uuid)
            .With(filter.Limit)
            .With(filter.Labels is { Count: > 0 } labels ? JsonSerializer.Serialize(labels) : null, NpgsqlDbType.Jsonb);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new JobRowReader.Ordinals(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(JobRowReader.Read(reader, columns));
        }

        return jobs;
    }

    /// <summary>Creates a job; reports <see cref="JobWriteStatus.DuplicateName"/> when the name is taken.</summary>
    public async Task<JobWriteResult> CreateAsync(Guid id, JobDefinition definition, DateTimeOffset? nextFireAt, CancellationToken cancellationToken)
    {
        var result = await CreateManyAsync([new NewJob(id, definition, nextFireAt)], cancellationToken);
        return result.Succeeded
            ? new JobWriteResult(JobWriteStatus.Created, result.Created[0])
            : new JobWriteResult(JobWriteStatus.DuplicateName, null);
    }

    /// <summary>Creates jobs all or nothing, in one statement; when a name (or id) is taken or repeated, none is created and every such position is reported.</summary>
    /// <remarks>
    /// One row is atomic by itself, so a single create is one round trip; several run in a transaction (begun with
    /// the insert, so still one round trip, and a commit or rollback) because a skipped row must undo the others.
    /// </remarks>
    public async Task<JobBatchWriteResult> CreateManyAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfZero(jobs.Count);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = jobs.Count > 1 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var created = new Dictionary<Guid, (DateTimeOffset CreatedAt, JsonElement? Payload)>(jobs.Count);
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            AddDefinitions(insert, jobs);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                created[reader.GetGuid(0)] = (reader.GetFieldValue<DateTimeOffset>(1), JobRowReader.ReadPayload(reader, 2));
            }
        }

        if (created.Count < jobs.Count)
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return new JobBatchWriteResult([], [.. Enumerable.Range(0, jobs.Count).Where(i => !created.ContainsKey(jobs[i].Id))]);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new JobBatchWriteResult([.. jobs.Select(j => Created(j, created[j.Id].CreatedAt, created[j.Id].Payload))], []);
    }

    /// <summary>A job just inserted, built from what was written rather than decoded back from its row.</summary>
    /// <remarks>
    /// Only what the database decides is read back: the creation instant, and the payload as jsonb normalised it
    /// (duplicate members, number forms), so the job equals what a later read returns; object members of the
    /// schedule and executor may come in another order there, as jsonb keeps them.
    /// </remarks>
    private static Job Created(NewJob job, DateTimeOffset createdAt, JsonElement? payload) => new()
    {
        Id = job.Id,
        Definition = job.Definition with { Payload = payload },
        // The database keeps microseconds, and no next fire for a paused job (resuming plans one).
        NextFireAt = job.NextFireAt is { } next && !job.Definition.Paused ? new DateTimeOffset(next.UtcTicks - (next.UtcTicks % 10), TimeSpan.Zero) : null,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        Version = 1,
    };

    /// <summary>Replaces a job's definition; with <paramref name="expectedVersion"/>, only if it still has that version.</summary>
    public async Task<JobWriteResult> ReplaceAsync(Guid id, JobDefinition definition, DateTimeOffset? nextFireAt, int? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        int updated;
        await using (var update = new NpgsqlCommand(UpdateSql, connection, transaction))
        {
            AddDefinition(update, id, definition, nextFireAt);
            update.With(expectedVersion, NpgsqlDbType.Integer).With(LabelsJson(definition), NpgsqlDbType.Jsonb);
            try
            {
                updated = await update.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return new JobWriteResult(JobWriteStatus.DuplicateName, null);
            }
        }

        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var exists = await GetAsync(connection, id, cancellationToken);
            return new JobWriteResult(exists is null ? JobWriteStatus.NotFound : JobWriteStatus.VersionMismatch, exists);
        }

        await using (var drop = new NpgsqlCommand(DropUnstartedSlotsSql, connection, transaction))
        {
            drop.With(id);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await NotifyAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new JobWriteResult(JobWriteStatus.Replaced, await GetAsync(connection, id, cancellationToken));
    }

    /// <summary>Pauses or resumes a job; resuming restarts from <paramref name="nextFireAt"/> without catching up.</summary>
    public async Task<Job?> SetPausedAsync(Guid id, bool paused, DateTimeOffset? nextFireAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var update = new NpgsqlCommand("""
            with job as (update gnomon_jobs set paused = $2, updated_at = now(), version = version + 1 where id = $1 returning id)
            update gnomon_job_fires f set next_fire_at = case when $2 then null else $3 end from job where f.job_id = job.id
            """, connection, transaction))
        {
            update.With(id).With(paused).With(nextFireAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        if (paused)
        {
            await using var drop = new NpgsqlCommand(DropUnstartedSlotsSql, connection, transaction);
            drop.With(id);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await NotifyAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await GetAsync(connection, id, cancellationToken);
    }

    /// <summary>Deletes a job: its pending executions are cancelled, running ones asked to stop, history kept.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var delete = new NpgsqlCommand(
            "with job as (delete from gnomon_jobs where id = $1 returning id) delete from gnomon_job_fires f using job where f.job_id = job.id",
            connection, transaction))
        {
            delete.With(id);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var cancel = new NpgsqlCommand($"""
            with locked as materialized (
                -- In id order, as workers lock the executions they hold, so a delete and a heartbeat cannot deadlock.
                select id, status from gnomon_dispatch where job_id = $1 order by id for update),
            pending as (
                delete from gnomon_dispatch d using locked l where d.id = l.id and l.status in {StatusSql.NotStarted}
                returning {HistorySql.EndedWithout(StatusSql.Cancelled, "'job deleted'")}),
            history as ({HistorySql.Write("pending")}),
            running as (
                update gnomon_dispatch set cancel_requested = true, reason = 'job deleted'
                where id in (select id from locked where status = {StatusSql.Running}) returning id)
            select pg_notify('{Channels.Cancel}', id::text) from running
            """, connection, transaction))
        {
            cancel.With(id);
            await cancel.ExecuteNonQueryAsync(cancellationToken);
        }

        await NotifyAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The jobs of <paramref name="partitions"/> whose next slot is at or before <paramref name="until"/>, soonest first.</summary>
    public async Task<IReadOnlyList<(Guid Id, DateTimeOffset NextFireAt)>> LoadUpcomingAsync(IReadOnlyCollection<int> partitions, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select job_id, next_fire_at from gnomon_job_fires
            where partition = any($1) and next_fire_at is not null and next_fire_at <= $2
            order by next_fire_at limit $3
            """)
            .With(partitions.Select(p => (short)p).ToArray())
            .With(until.ToUniversalTime())
            .With(limit);
        var upcoming = new List<(Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            upcoming.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return upcoming;
    }

    /// <summary>The next slots of those of <paramref name="ids"/> that are schedulable (not paused, not deleted, with a slot left).</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> GetNextFiresAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var next = new Dictionary<Guid, DateTimeOffset>(ids.Count);
        if (ids.Count == 0)
        {
            return next;
        }

        await using var command = dataSource.CreateCommand("select job_id, next_fire_at from gnomon_job_fires where job_id = any($1) and next_fire_at is not null")
            .With(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            next[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return next;
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand(NotifySql, connection, transaction);
        notify.With(id.ToString());
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Job?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? JobRowReader.Read(reader) : null;
    }

    private static void AddDefinitions(NpgsqlCommand command, IReadOnlyList<NewJob> jobs)
    {
        var n = jobs.Count;
        var ids = new Guid[n];
        var names = new string[n];
        var descriptions = new string?[n];
        var partitions = new short[n];
        var schedules = new string[n];
        var executors = new string[n];
        var payloads = new string?[n];
        var priorities = new short[n];
        var queues = new string[n];
        var timeouts = new int[n];
        var maxAttempts = new int[n];
        var backoffs = new int[n];
        var multipliers = new double[n];
        var maxBackoffs = new int[n];
        var concurrencyPolicies = new short[n];
        var misfirePolicies = new short[n];
        var paused = new bool[n];
        var nextFires = new DateTimeOffset?[n];
        var labels = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var (id, d, nextFireAt) = jobs[i];
            ids[i] = id;
            names[i] = d.Name;
            descriptions[i] = d.Description;
            partitions[i] = (short)JobLimits.PartitionOf(id);
            schedules[i] = JsonSerializer.Serialize(d.Schedule, StoreJson.Options);
            executors[i] = JsonSerializer.Serialize(d.Executor, StoreJson.Options);
            payloads[i] = d.Payload is { } p ? p.GetRawText() : null;
            priorities[i] = (short)d.Priority;
            queues[i] = d.Queue;
            timeouts[i] = (int)d.Timeout.TotalMilliseconds;
            maxAttempts[i] = d.Retry.MaxAttempts;
            backoffs[i] = (int)d.Retry.Backoff.TotalMilliseconds;
            multipliers[i] = d.Retry.Multiplier;
            maxBackoffs[i] = (int)d.Retry.MaxBackoff.TotalMilliseconds;
            concurrencyPolicies[i] = (short)d.ConcurrencyPolicy;
            misfirePolicies[i] = (short)d.MisfirePolicy;
            paused[i] = d.Paused;
            nextFires[i] = nextFireAt?.ToUniversalTime();
            labels[i] = LabelsJson(d);
        }

        command.With(ids)
            .With(names)
            .With(descriptions, NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With(partitions)
            .With(schedules, NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            .With(executors, NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            .With(payloads, NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            .With(priorities)
            .With(queues)
            .With(timeouts)
            .With(maxAttempts)
            .With(backoffs)
            .With(multipliers)
            .With(maxBackoffs)
            .With(concurrencyPolicies)
            .With(misfirePolicies)
            .With(paused)
            .With(nextFires, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            .With(labels, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
    }

    // A LIKE pattern the trigram index (V009) answers; LIKE's own wildcards in the text are matched literally.
    private static string? ContainsPattern(string? text) => text is null
        ? null
        : "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    // No labels is SQL null rather than {}: the partial GIN index then holds only labelled jobs.
    private static string? LabelsJson(JobDefinition d) => d.Labels is { Count: > 0 } l ? JsonSerializer.Serialize(l) : null;

    private static void AddDefinition(NpgsqlCommand command, Guid id, JobDefinition d, DateTimeOffset? nextFireAt)
    {
        command.With(id)
            .With(d.Name)
            .With(d.Description, NpgsqlDbType.Text)
            .With((short)JobLimits.PartitionOf(id))
            .With(JsonSerializer.Serialize(d.Schedule, StoreJson.Options), NpgsqlDbType.Jsonb)
            .With(JsonSerializer.Serialize(d.Executor, StoreJson.Options), NpgsqlDbType.Jsonb)
            .With(d.Payload is { } p ? p.GetRawText() : null, NpgsqlDbType.Jsonb)
            .With((short)d.Priority)
            .With(d.Queue)
            .With((int)d.Timeout.TotalMilliseconds)
            .With(d.Retry.MaxAttempts)
            .With((int)d.Retry.Backoff.TotalMilliseconds)
            .With(d.Retry.Multiplier)
            .With((int)d.Retry.MaxBackoff.TotalMilliseconds)
            .With((short)d.ConcurrencyPolicy)
            .With((short)d.MisfirePolicy)
            .With(d.Paused)
            .With(nextFireAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
    }
}
