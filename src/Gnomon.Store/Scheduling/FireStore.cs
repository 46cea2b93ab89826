using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Planning;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Store.Notifications;
using Gnomon.Store.Partitions;
using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store.Scheduling;

/// <summary>Turns due slots of jobs into execution rows, in batches.</summary>
/// <remarks>
/// The jobs' fire rows (<c>gnomon_job_fires</c>) are locked (<c>for update skip locked</c>) and re-read inside the
/// transaction, so a scheduler always plans from the stored <c>next_fire_at</c>; a job whose fire row a concurrent
/// writer holds (another scheduler, or a change of the job, which writes its fire row too) is left for the next pass. The unique <c>(job_id, scheduled_at)</c> index is the last guard: a slot
/// written twice by racing schedulers is silently dropped the second time.
/// </remarks>
public sealed class FireStore(NpgsqlDataSource dataSource)
{
    // The fence and the jobs in one statement: the leases this master believes it holds are checked (owner,
    // epoch, expiry) and share-locked, so a taker's lease update waits for this transaction and then sees the
    // next_fire_at it advanced; a job of a lost or outdated lease comes back unfenced, and nothing is written for it.
    // The jobs are found by id alone and the other conditions read back, not filtered: with them in the WHERE
    // clause the planner walked every due job of every partition through the due index, once per batch — a
    // backlog of 100,000 due jobs made each batch of 500 take 60 ms instead of 2.
    // The fire rows are what is locked, and their next_fire_at is read from the locked row itself: read through a
    // subquery, it came from the statement's snapshot, so a scheduler that waited out another's commit planned again the
    // slots that one had just written (the unique slot index dropped them, but the work was done twice).
    private static readonly string LockDueJobsSql = """
        with fenced as materialized (
            select l.partition from gnomon_partition_leases l
            join unnest($3::smallint[], $4::bigint[]) as h(partition, epoch) on h.partition = l.partition and h.epoch = l.epoch
            where l.owner_id = $2 and l.expires_at > now()
            for share of l)
        select
        """ + " " + JobRowReader.JobColumns.Replace(JobRowReader.StoredNextFire, "f.next_fire_at", StringComparison.Ordinal) + ", " + JobRowReader.NoLastExecution + """
        , j.partition in (select partition from fenced) as fenced
        from gnomon_job_fires f join gnomon_jobs j on j.id = f.job_id
        where f.job_id = any($1)
        for update of f skip locked
        """;

    // Each slot's history row, and a dispatch row for the ones to run (a skipped slot has ended already); the count
    // of history rows written is the statement's one result.
    private static readonly string InsertFiresSql = $"""
        with written as (
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, reason, priority, queue, max_attempts, finished_at)
            select t.id, t.job_id, t.job_name, {TriggerSql.Schedule}, t.scheduled_at, t.scheduled_at, t.status, t.reason,
                t.priority, t.queue, t.max_attempts, case when t.status = {StatusSql.Skipped} then now() end
            from unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::smallint[], $6::text[], $7::smallint[], $8::text[], $9::integer[])
                as t(id, job_id, job_name, scheduled_at, status, reason, priority, queue, max_attempts)
            on conflict (job_id, scheduled_at) where trigger = {TriggerSql.Schedule} do nothing
            returning id, job_id, queue, priority, status, due_at, max_attempts),
        live as ({DispatchSql.OpenFor("written")})
        select count(*) from written
        """;

    // A job that cannot be planned as stored stops firing, and says why on a failed execution of its own (constants and
    // the job's plain columns only, so the row at fault cannot fail this too); a PUT of the job restarts it.
    private static readonly string SetAsideJobsSql = $"""
        with aside as (
            update gnomon_job_fires f set next_fire_at = null
            from unnest($1::uuid[], $2::text[], $3::uuid[]) as t(job_id, reason, execution_id), gnomon_jobs j
            where f.job_id = t.job_id and j.id = f.job_id
            returning j.id, j.name, j.priority, j.queue, t.reason, t.execution_id)
        insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, reason, error, priority, queue, max_attempts, finished_at)
        select a.execution_id, a.id, a.name, {TriggerSql.Schedule}, now(), now(), {StatusSql.Failed}, a.reason, a.reason,
            a.priority, a.queue, 0, now()
        from aside a
        on conflict (job_id, scheduled_at) where trigger = {TriggerSql.Schedule} do nothing
        """;

    // The narrow row only (migration V006): the job row itself stays as it is, locked but not rewritten.
    private const string AdvanceJobsSql = """
        update gnomon_job_fires f set next_fire_at = t.next_fire_at
        from unnest($1::uuid[], $2::timestamptz[]) as t(id, next_fire_at)
        where f.job_id = t.id
        """;

    /// <summary>Plans and writes the due slots of <paramref name="jobIds"/> (those of partitions <paramref name="fence"/> still holds) up to <paramref name="until"/>.</summary>
    /// <param name="plan">Decides a job's fires; called inside the transaction, must not do I/O.</param>
    public async Task<MaterialiseResult> MaterialiseAsync(
        IReadOnlyCollection<Guid> jobIds,
        PartitionFence fence,
        DateTimeOffset until,
        Func<Job, FirePlan> plan,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var jobs = new List<Job>(jobIds.Count);
        var aside = new Dictionary<Guid, string>();
        await using (var select = new NpgsqlCommand(LockDueJobsSql, connection, transaction))
        {
            select.With(jobIds.ToArray()).With(fence.Owner).With(fence.PartitionArray()).With(fence.EpochArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var columns = new JobRowReader.Ordinals(reader);
            var fenced = reader.GetOrdinal("fenced");
            while (await reader.ReadAsync(cancellationToken))
            {
                if (ReadDueJob(reader, columns, fenced, until, aside) is { } job)
                {
                    jobs.Add(job);
                }
            }
        }

        if (jobs.Count == 0 && aside.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new MaterialiseResult(new Dictionary<Guid, DateTimeOffset?>(), 0, aside);
        }

        var rows = new FireRows();
        var nextFires = new Dictionary<Guid, DateTimeOffset?>(jobs.Count + aside.Count);
        var queues = new HashSet<string>();
        foreach (var job in jobs)
        {
            if (PlanOrSetAside(job, plan, aside) is not { } jobPlan)
            {
                continue;
            }

            nextFires[job.Id] = jobPlan.NextFire;
            foreach (var fire in jobPlan.Fires)
            {
                rows.Add(job, fire);
                if (!fire.Skipped)
                {
                    queues.Add(job.Definition.Queue);
                }
            }
        }

        foreach (var id in aside.Keys)
        {
            nextFires[id] = null;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(InsertFiresSql);
        rows.AddParameters(insert);
        batch.BatchCommands.Add(insert);
        if (aside.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SetAsideJobsSql)
                .With(aside.Keys.ToArray()).With(aside.Values.ToArray()).With(aside.Keys.Select(_ => Guid.CreateVersion7()).ToArray()));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(AdvanceJobsSql)
            .With(nextFires.Keys.ToArray())
            .With(nextFires.Values.Select(v => v?.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        foreach (var queue in queues)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_notify('{Channels.Executions}', $1)").With(queue));
        }

        long inserted;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            inserted = reader.GetInt64(0);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MaterialiseResult(nextFires, (int)inserted, aside);
    }

    /// <summary>The job of the current row when it is fenced, not paused and due by <paramref name="until"/>; an unreadable one goes to <paramref name="aside"/>.</summary>
    private static Job? ReadDueJob(NpgsqlDataReader reader, JobRowReader.Ordinals columns, int fenced, DateTimeOffset until, Dictionary<Guid, string> aside)
    {
        if (!reader.GetBoolean(fenced))
        {
            return null;
        }

        Job job;
        try
        {
            job = JobRowReader.Read(reader, columns);
        }
        catch (Exception ex) when (PoisonRows.IsDecodeError(ex))
        {
            if (!reader.GetBoolean(columns.Paused))
            {
                aside[reader.GetGuid(columns.Id)] = PoisonRows.Reason("reading the job", ex);
            }

            return null;
        }

        return !job.Definition.Paused && job.NextFireAt is { } next && next <= until ? job : null;
    }

    /// <summary>The job's plan, or null after recording in <paramref name="aside"/> why it cannot be planned as stored.</summary>
    private static FirePlan? PlanOrSetAside(Job job, Func<Job, FirePlan> plan, Dictionary<Guid, string> aside)
    {
        var next = job.NextFireAt!.Value;
        if (!JobLimits.IsInstantInRange(next))
        {
            aside[job.Id] = $"set aside: its next fire ({next:O}) lies outside 2000-01-01 to 9999-12-31; correct its schedule and PUT the job again";
            return null;
        }

        FirePlan jobPlan;
        try
        {
            jobPlan = plan(job);
        }
        catch (Exception ex) when (PoisonRows.IsDecodeError(ex))
        {
            aside[job.Id] = PoisonRows.Reason("planning the job's fires", ex);
            return null;
        }

        if (jobPlan.SetAsideReason is { } reason)
        {
            aside[job.Id] = reason;
            return null;
        }

        foreach (var fire in jobPlan.Fires)
        {
            if (!JobLimits.IsInstantInRange(fire.ScheduledAt))
            {
                aside[job.Id] = $"set aside: its schedule gave a fire at {fire.ScheduledAt:O}, outside 2000-01-01 to 9999-12-31; correct its schedule and PUT the job again";
                return null;
            }
        }

        // A schedule whose next fire lies past the supported range has no fire left.
        return jobPlan.NextFire is { } n && n > JobLimits.MaxInstant ? jobPlan with { NextFire = null } : jobPlan;
    }

    /// <summary>Column arrays for one <c>unnest</c> insert.</summary>
    private sealed class FireRows
    {
        private readonly List<Guid> _ids = [];
        private readonly List<Guid> _jobIds = [];
        private readonly List<string> _jobNames = [];
        private readonly List<DateTimeOffset> _scheduledAt = [];
        private readonly List<short> _statuses = [];
        private readonly List<string?> _reasons = [];
        private readonly List<short> _priorities = [];
        private readonly List<string> _queues = [];
        private readonly List<int> _maxAttempts = [];

        public void Add(Job job, PlannedFire fire)
        {
            _ids.Add(Guid.CreateVersion7());
            _jobIds.Add(job.Id);
            _jobNames.Add(job.Definition.Name);
            _scheduledAt.Add(fire.ScheduledAt.ToUniversalTime());
            _statuses.Add((short)(fire.Skipped ? ExecutionStatus.Skipped : ExecutionStatus.Pending));
            _reasons.Add(fire.Reason);
            _priorities.Add((short)job.Definition.Priority);
            _queues.Add(job.Definition.Queue);
            _maxAttempts.Add(job.Definition.Retry.MaxAttempts);
        }

        public void AddParameters(NpgsqlBatchCommand command) => command
            .With(_ids.ToArray())
            .With(_jobIds.ToArray())
            .With(_jobNames.ToArray())
            .With(_scheduledAt.ToArray())
            .With(_statuses.ToArray())
            .With(_reasons.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With(_priorities.ToArray())
            .With(_queues.ToArray())
            .With(_maxAttempts.ToArray());
    }
}
