using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Store.Json;
using Gnomon.Store.Notifications;
using Npgsql;
using NpgsqlTypes;

namespace Gnomon.Store.Executions;

/// <summary>Dispatching executions to workers in PostgreSQL: claims, starts, completions and leases, each batched into one round trip.</summary>
/// <remarks>
/// Everything here reads and changes the narrow dispatch rows (<c>gnomon_dispatch d</c>); an execution's history row
/// (<c>gnomon_executions e</c>) is only read, except when the execution ends (<see cref="HistorySql"/>).
/// 
/// Fencing: every write a worker makes names its worker id and, for completions, the attempt number in the
/// WHERE clause, so a worker that lost its lease can never overwrite the newer holder's writes.
/// Lease times use the database clock (<c>now()</c>), so worker clocks may drift.
/// </remarks>
public sealed class DispatchStore(NpgsqlDataSource dataSource)
{
    private const string ByPriority = "d.priority desc, d.due_at";

    // Sent before the claims, in the same implicit transaction (a batch commits at its end), and undone with it.
    // The claims must walk their ordered index and stop after a batch; planned by the statistics of the moment
    // (stale after a sudden backlog, until autovacuum analyses the table) they sometimes read every due row through
    // another index, or a bitmap of all pending rows, and sorted them all for each claim of a hundred: 20-110 ms a
    // claim on a backlog of 100,000 instead of 2, the drain several times slower.
    private const string OrderedScansOnly = """
        select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)
        """;

    // Takes what is due now, by priority then due time, and starts it in the same statement when its job allows
    // overlaps: no second round trip stands between the claim and the work. Forbid and replace jobs are only
    // claimed here; their start goes through StartSql, which serialises them per job.
    private static readonly string DueSet = $"""
        status = case when j.concurrency_policy = {(short)ConcurrencyPolicy.Allow} then {StatusSql.Running} else {StatusSql.Claimed} end,
        attempt = case when j.concurrency_policy = {(short)ConcurrencyPolicy.Allow} then d.attempt + 1 else d.attempt end,
        started_at = case when j.concurrency_policy = {(short)ConcurrencyPolicy.Allow} then greatest(now(), d.due_at) else d.started_at end
        """;

    private static readonly QueueSql ClaimDueSql = new(filter => Claim($"d.due_at <= now() + $1 and {filter}", ByPriority, DueSet), queueParameter: 5);

    // When a claim fails on a row's data, the rows it would have taken are tried one at a time with both claim shapes
    // ($5: the row), in a transaction that is rolled back: only the rows that fail them are set aside.
    private static readonly QueueSql ClaimCandidatesSql = new(
        filter => $"""
            (select d.id from gnomon_dispatch d where d.status = {StatusSql.Pending} and d.due_at <= now() + $1 and {filter} order by {ByPriority} limit $2)
            union all
            (select d.id from gnomon_dispatch d where d.status = {StatusSql.Pending} and d.due_at > now() + $1 and d.due_at <= now() + $4 and {filter}
             order by d.due_at limit $5)
            """,
        queueParameter: 3);

    private static readonly string ProbeDueSql = Claim("d.id = $5", "d.id", DueSet);
    private static readonly string ProbeReserveSql = Claim("d.id = $5", "d.id", $"status = {StatusSql.Claimed}");

    // Fails rows that cannot be worked on as they stand; constants only, so no row can make it fail in turn.
    // $3: only rows this worker holds (null: rows nobody holds, or whose holder's lease the reaper is taking back).
    private static readonly string SetAsideSql = $"""
        with ended as (
            delete from gnomon_dispatch d using unnest($1::uuid[], $2::text[]) as t(id, reason)
            where d.id = t.id and ($3::uuid is null or d.worker_id = $3)
            returning {HistorySql.EndedWithout(StatusSql.Failed, "t.reason", "t.reason")})
        {HistorySql.Write("ended")}
        """;

    // Reserves what falls due a little later (after the start lead, within the lookahead), by due time: held on a
    // local timer, started near the instant. Never what is due now, which only free running slots take.
    private static readonly QueueSql ReserveLaterSql = new(
        filter => Claim($"d.due_at > now() + $1 and d.due_at <= now() + $5 and {filter}", "d.due_at", $"status = {StatusSql.Claimed}"), queueParameter: 6);

    // Statements that lock several executions a worker holds (start, complete, renew) take the row locks in id
    // order first: taken in whatever order the rows came, a heartbeat and a completion of the same worker deadlocked.
    // The lock reads the rows by id alone: with a status condition there, the planner may go through the lease index
    // (its predicate is the held statuses) and read every entry of it, dead ones included.
    private static readonly string LockClaimedSql = """
        locked as materialized (
            select id from gnomon_dispatch where id = any($1) and worker_id = $2 order by id for update)
        """;

    // Starts executions of jobs that allow overlaps: nothing to check beside the row itself.
    private static readonly string StartAllowedSql = $"""
        with {LockClaimedSql}
        update gnomon_dispatch d
        set status = {StatusSql.Running}, attempt = d.attempt + 1, started_at = greatest(now(), d.due_at), lease_expires_at = now() + $3
        from locked l
        where d.id = l.id and d.worker_id = $2 and d.status = {StatusSql.Claimed} and not d.cancel_requested
        returning d.id, d.attempt
        """;

    // Starts a batch that holds forbid or replace executions ($4, $5), applying their policies.
    private static readonly string StartSql = $"""
        with {LockClaimedSql},
        skipped as (
            delete from gnomon_dispatch d using gnomon_executions e
            where e.id = d.id and d.id = any($4) and d.id in (select id from locked) and d.worker_id = $2 and d.status = {StatusSql.Claimed}
              and (exists (select 1 from gnomon_dispatch r where r.job_id = d.job_id and r.status = {StatusSql.Running})
                -- an earlier slot of the same job starts in this very batch
                or exists (select 1 from gnomon_dispatch o join gnomon_executions oe on oe.id = o.id
                    where o.id = any($1) and o.id <> d.id and o.job_id = d.job_id and o.worker_id = $2 and o.status = {StatusSql.Claimed}
                      and not o.cancel_requested and (oe.scheduled_at, oe.id) < (e.scheduled_at, e.id)))
            returning {HistorySql.EndedWithout(StatusSql.Skipped, "'skipped: an earlier execution of this job was still running (concurrencyPolicy forbid)'")}),
        skipped_history as ({HistorySql.Write("skipped")}),
        started as (
            update gnomon_dispatch d
            set status = {StatusSql.Running}, attempt = d.attempt + 1, started_at = greatest(now(), d.due_at), lease_expires_at = now() + $3
            where d.id in (select id from locked) and d.worker_id = $2 and d.status = {StatusSql.Claimed} and not d.cancel_requested
              and d.id not in (select id from skipped)
            returning d.id, d.job_id, d.attempt, d.started_at),
        replaced as (
            update gnomon_dispatch r set cancel_requested = true,
                reason = 'replaced by a newer execution (concurrencyPolicy replace)'
            where r.status = {StatusSql.Running} and r.id <> all($1) and r.job_id in (select job_id from started where id = any($5))
            returning r.id),
        notified as (select pg_notify('{Channels.Cancel}', id::text) as n from replaced)
        select s.id, s.attempt, (select count(*) from notified) from started s
        """;

    // Starts of forbid/replace executions of one job take turns (transaction advisory lock per job, taken in a fixed
    // order), and the start statement runs after it in the same transaction with a fresh snapshot, so it sees a
    // sibling another worker started a moment ago. Advisory rather than row locks: the scheduler's job locks are untouched.
    private static readonly string LockJobsSql = $"""
        select pg_advisory_xact_lock(k) from (
            select distinct hashtextextended(job_id::text, 0) as k from gnomon_dispatch
            where id = any($1) and worker_id = $2 and status = {StatusSql.Claimed}
            order by k offset 0) keys
        """;

    private static readonly string CompleteSql = $"""
        with input as (
            select * from unnest($2::uuid[], $3::integer[], $4::smallint[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::interval[],
                    $10::timestamptz[], $11::timestamptz[])
                as t(id, attempt, status, result, output, error, reason, retry_after, started_at, finished_at)),
        -- Our rows locked in id order first, so two batches cannot deadlock. The delete of the ended rows does not join
        -- this (it was planned as a nested loop over the CTE: 195 rows took 34 ms); it only waits for it, through a
        -- one-time filter that runs it before the first row (count, not exists: exists would stop at the first row and
        -- lock only that). The retries (few) keep the join, which their plan starts from.
        locked as materialized (
            select id from gnomon_dispatch where id = any($2) and worker_id = $1 order by id for update),
        -- Another attempt follows: the dispatch row waits for it.
        retried as (
            update gnomon_dispatch d set status = {StatusSql.Pending}, due_at = now() + i.retry_after, worker_id = null, lease_expires_at = null,
                -- The start written ahead of the instant is replaced by when the work really began.
                started_at = coalesce(i.started_at, d.started_at), cancel_requested = false, reason = null
            from input i join locked l on l.id = i.id
            where d.id = i.id and d.worker_id = $1 and d.attempt = i.attempt and d.status = {StatusSql.Running} and i.retry_after is not null
            returning d.id, d.queue, d.started_at),
        -- The execution ends: its dispatch row goes, and its history row is written once.
        ended as (
            delete from gnomon_dispatch d using input i
            where (select count(*) from locked) > 0
              and d.id = i.id and d.worker_id = $1 and d.attempt = i.attempt and d.status = {StatusSql.Running} and i.retry_after is null
            returning d.id, i.status, coalesce(i.reason, case when d.cancel_requested then d.reason end) as reason, i.error, i.result, i.output,
                d.attempt, d.max_attempts, d.lost_leases, d.worker_id, coalesce(i.started_at, d.started_at) as started_at,
                coalesce(i.finished_at, now()) as finished_at),
        history as ({HistorySql.Write("ended")}),
        updated as (select id, started_at from retried union all select id, started_at from ended),
        -- The attempt's one row, written as it ends, for an attempt another one follows: the last attempt of an execution
        -- that ended is recorded by the history row itself. A completion refused for a lost lease never rewrites the row
        -- the reaper closed when it took the execution back: what the old worker reported goes beside it, in late_report.
        attempts as (
            insert into gnomon_execution_attempts as a (execution_id, attempt, worker_id, started_at, finished_at, status, result, output, error, late_report)
            select i.id, i.attempt, $1, coalesce(i.started_at, u.started_at, now()), coalesce(i.finished_at, now()), i.status, i.result, i.output, i.error,
                case when u.id is null
                    then 'late completion rejected (the lease had been lost and the execution taken back); the worker reported '
                         || {StatusNameSql("i.status")} || coalesce(': ' || i.error, '') || ' at ' || to_char(coalesce(i.finished_at, now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                end
            from input i left join updated u on u.id = i.id
            where not exists (select 1 from ended x where x.id = i.id)
            on conflict (execution_id, attempt) do update set late_report = excluded.late_report
            where a.worker_id = excluded.worker_id and a.late_report is null and excluded.late_report is not null),
        retries as (
            select pg_notify('{Channels.Executions}', q) as n from (select distinct queue as q from retried) qs)
        select i.id, u.id is not null, (select count(*) from retries) from input i left join updated u on u.id = i.id
        """;

    private static readonly string ReapSql = Reap($"""
            select id, worker_id, status, attempt from gnomon_dispatch
            where status in {StatusSql.Held} and case when $1::uuid is null then lease_expires_at < now() else worker_id = $1 end
            order by lease_expires_at limit $2
            for update skip locked
        """);

    // The same for one row ($5), when a batch failed on some row's data; its own text, so the hot statement's plan
    // keeps its lease index condition.
    private static readonly string ReapOneSql = Reap($"""
            select id, worker_id, status, attempt from gnomon_dispatch
            where id = $5 and status in {StatusSql.Held} and case when $1::uuid is null then lease_expires_at < now() else worker_id = $1 end
              and $2 > 0
            for update skip locked
        """);

    /// <summary>The reap statement over the expired rows <paramref name="expired"/> selects and locks.</summary>
    private static string Reap(string expired) => $"""
        with expired as (
            {expired}),
        released as (
            update gnomon_dispatch d set status = {StatusSql.Pending}, worker_id = null, lease_expires_at = null
            from expired x where d.id = x.id and x.status = {StatusSql.Claimed}
            returning d.id, d.queue),
        -- A lost lease is not the job's failure: it does not use up one of the job's attempts.
        retried as (
            update gnomon_dispatch d set status = {StatusSql.Pending}, lost_leases = d.lost_leases + 1, max_attempts = d.max_attempts + 1,
                due_at = now(), worker_id = null, lease_expires_at = null
            from expired x where d.id = x.id and x.status = {StatusSql.Running} and not d.cancel_requested and d.lost_leases < $3
            returning d.id, d.queue, x.attempt, x.worker_id, d.started_at),
        -- One asked to stop (cancelled, replaced) is not run again: the request is honoured, not lost with the worker.
        ended as (
            delete from gnomon_dispatch d using expired x
            where d.id = x.id and x.status = {StatusSql.Running} and (d.cancel_requested or d.lost_leases >= $3)
            returning d.id, d.queue, x.attempt as lost_attempt, x.worker_id as lost_worker,
                (case when d.cancel_requested then {StatusSql.Cancelled} else {StatusSql.Failed} end)::smallint as status,
                case when d.cancel_requested then d.reason else 'gave up after the execution lost its lease ' || (d.lost_leases + 1) || ' times' end as reason,
                $4::text as error, null::jsonb as result, null::text as output, d.attempt, d.max_attempts, d.lost_leases + 1 as lost_leases,
                null::uuid as worker_id, d.started_at, now() as finished_at),
        history as ({HistorySql.Write("ended")}),
        recovered as (
            select id, queue, attempt, worker_id, started_at from retried
            union all select id, queue, lost_attempt, lost_worker, started_at from ended),
        attempts as (
            insert into gnomon_execution_attempts (execution_id, attempt, worker_id, started_at, finished_at, status, error)
            select r.id, r.attempt, r.worker_id, coalesce(r.started_at, now()), now(), {StatusSql.Failed}, $4 from recovered r
            on conflict (execution_id, attempt) do nothing),
        notified as (
            select pg_notify('{Channels.Executions}', q) as n
            from (select queue as q from released union select queue from recovered) qs)
        select (select count(*) from released), (select count(*) from recovered), (select count(*) from notified)
        """;

    /// <summary>A SQL expression naming the status in <paramref name="column"/> as the API does (<c>succeeded</c>, <c>timedOut</c>, …).</summary>
    private static string StatusNameSql(string column) =>
        "case " + column + " " + string.Concat(Enum.GetValues<ExecutionStatus>().Select(s =>
            $"when {(short)s} then '{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.Public().ToString())}' ")) + "end";

    /// <summary>A claim statement: pending rows matching <paramref name="where"/> in <paramref name="order"/>, $2 at most, locked past others' locks, then changed by <paramref name="set"/> and held by worker $3 for lease $4.</summary>
    private static string Claim(string where, string order, string set) => $"""
        with picked as (
            select d.id from gnomon_dispatch d
            where d.status = {StatusSql.Pending} and {where}
            order by {order}
            limit $2
            for update skip locked)
        update gnomon_dispatch d set {set}, worker_id = $3, lease_expires_at = now() + $4
        from picked, gnomon_executions e, gnomon_jobs j
        where d.id = picked.id and e.id = d.id and j.id = d.job_id
        returning {ClaimedExecutionReader.Columns}
        """;

    /// <summary>
    /// A worker's claim, one round trip: what is due now (up to <see cref="WorkClaim.MaxStart"/>, by priority; started at
    /// once where the job allows overlaps), then what falls due within the lookahead (up to <see cref="WorkClaim.MaxReserve"/>).
    /// </summary>
    /// <returns>
    /// The executions now held (<see cref="ClaimedExecution.StartedAttempt"/> tells which are already running), and the rows
    /// set aside because they could not be claimed or read as they stand.
    /// </returns>
    public async Task<ClaimedWork> ClaimWorkAsync(Guid workerId, QueueSelector queues, WorkClaim claim, CancellationToken cancellationToken)
    {
        if (claim.MaxStart <= 0 && claim.MaxReserve <= 0)
        {
            return new ClaimedWork([], []);
        }

        try
        {
            return await ClaimWorkOnceAsync(workerId, queues, claim, cancellationToken);
        }
        catch (PostgresException ex) when (PoisonRows.IsDataError(ex))
        {
            // Nothing was claimed (the batch is one transaction); the next claim goes ahead without the rows at fault.
            var aside = await SetAsideUnclaimableAsync(workerId, queues, claim, cancellationToken);
            if (aside.Count == 0)
            {
                throw;
            }

            return new ClaimedWork([], aside);
        }
    }

    private async Task<ClaimedWork> ClaimWorkOnceAsync(Guid workerId, QueueSelector queues, WorkClaim claim, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(OrderedScansOnly));
        if (claim.MaxStart > 0)
        {
            var due = new NpgsqlBatchCommand(ClaimDueSql.For(queues)).With(claim.StartLead).With(claim.MaxStart).With(workerId).With(claim.Lease);
            queues.AddParameters(due.Parameters);
            batch.BatchCommands.Add(due);
        }

        if (claim.MaxReserve > 0)
        {
            var later = new NpgsqlBatchCommand(ReserveLaterSql.For(queues))
                .With(claim.StartLead).With(claim.MaxReserve).With(workerId).With(claim.Lease).With(claim.Lookahead);
            queues.AddParameters(later.Parameters);
            batch.BatchCommands.Add(later);
        }

        var claimed = new List<ClaimedExecution>();
        var unusable = new List<SetAsideExecution>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            if (claim.MaxStart > 0)
            {
                var (due, bad) = await ClaimedExecutionReader.ReadAllAsync(reader, cancellationToken);
                claimed.AddRange(due.Select(c => c with { ClaimedDue = true }));
                unusable.AddRange(bad);
                await reader.NextResultAsync(cancellationToken);
            }

            if (claim.MaxReserve > 0)
            {
                var (later, bad) = await ClaimedExecutionReader.ReadAllAsync(reader, cancellationToken);
                claimed.AddRange(later);
                unusable.AddRange(bad);
            }
        }

        await SetAsideAsync(workerId, unusable, cancellationToken);
        return new ClaimedWork(claimed, unusable);
    }

    /// <summary>Finds, one candidate at a time, the rows a claim fails on, and sets them aside.</summary>
    private async Task<IReadOnlyList<SetAsideExecution>> SetAsideUnclaimableAsync(Guid workerId, QueueSelector queues, WorkClaim claim, CancellationToken cancellationToken)
    {
        var candidates = new List<Guid>();
        await using (var select = dataSource.CreateCommand(ClaimCandidatesSql.For(queues)).With(claim.StartLead).With(claim.MaxStart))
        {
            queues.AddParameters(select.Parameters);
            select.With(claim.Lookahead).With(claim.MaxReserve);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(reader.GetGuid(0));
            }
        }

        var unusable = new List<SetAsideExecution>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var id in candidates)
            {
                await transaction.SaveAsync("probe", cancellationToken);
                try
                {
                    foreach (var sql in (string[])[ProbeDueSql, ProbeReserveSql])
                    {
                        await using var probe = new NpgsqlCommand(sql, connection, transaction)
                            .With(claim.StartLead).With(1).With(workerId).With(claim.Lease).With(id);
                        await using var reader = await probe.ExecuteReaderAsync(cancellationToken);
                        var (_, bad) = await ClaimedExecutionReader.ReadAllAsync(reader, cancellationToken);
                        unusable.AddRange(bad);
                    }
                }
                catch (PostgresException ex) when (PoisonRows.IsDataError(ex))
                {
                    unusable.Add(new SetAsideExecution(id, PoisonRows.Reason("claiming", ex)));
                }

                await transaction.RollbackAsync("probe", cancellationToken);
            }

            await transaction.RollbackAsync(cancellationToken);
        }

        unusable = [.. unusable.DistinctBy(u => u.Id)];
        await SetAsideAsync(null, unusable, cancellationToken);
        return unusable;
    }

    /// <summary>Fails <paramref name="rows"/> with their reasons (with <paramref name="heldBy"/>, only those that worker holds).</summary>
    private async Task SetAsideAsync(Guid? heldBy, IReadOnlyList<SetAsideExecution> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(SetAsideSql)
            .With(rows.Select(r => r.Id).ToArray()).With(rows.Select(r => r.Reason).ToArray()).With(heldBy, NpgsqlDbType.Uuid);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks claimed executions running and opens their attempt, applying the concurrency policies.</summary>
    /// <returns>One entry per requested execution; those not started must not run.</returns>
    /// <remarks>When the batch fails on a row's data, each execution is started alone, and the ones that still fail are set aside.</remarks>
    public async Task<IReadOnlyList<StartedExecution>> StartAsync(Guid workerId, IReadOnlyList<ClaimedExecution> executions, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            return await StartOnceAsync(workerId, executions, lease, cancellationToken);
        }
        catch (PostgresException ex) when (PoisonRows.IsDataError(ex))
        {
            if (executions.Count == 1)
            {
                var aside = new SetAsideExecution(executions[0].Id, PoisonRows.Reason("starting", ex));
                await SetAsideAsync(workerId, [aside], cancellationToken);
                return [new StartedExecution(aside.Id, false, 0, aside.Reason)];
            }

            var started = new List<StartedExecution>(executions.Count);
            foreach (var execution in executions)
            {
                started.AddRange(await StartAsync(workerId, [execution], lease, cancellationToken));
            }

            return started;
        }
    }

    private async Task<IReadOnlyList<StartedExecution>> StartOnceAsync(Guid workerId, IReadOnlyList<ClaimedExecution> executions, TimeSpan lease, CancellationToken cancellationToken)
    {
        var ids = executions.Select(e => e.Id).ToArray();
        var forbid = executions.Where(e => e.ConcurrencyPolicy == ConcurrencyPolicy.Forbid).Select(e => e.Id).ToArray();
        var replace = executions.Where(e => e.ConcurrencyPolicy == ConcurrencyPolicy.Replace).Select(e => e.Id).ToArray();
        var guarded = forbid.Concat(replace).ToArray();
        await using var batch = dataSource.CreateBatch();
        if (guarded.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockJobsSql).With(guarded).With(workerId));
        }

        batch.BatchCommands.Add(guarded.Length > 0
            ? new NpgsqlBatchCommand(StartSql).With(ids).With(workerId).With(lease).With(forbid).With(replace)
            : new NpgsqlBatchCommand(StartAllowedSql).With(ids).With(workerId).With(lease));
        var started = new Dictionary<Guid, int>();
        await using (var r = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (guarded.Length > 0)
            {
                await r.NextResultAsync(cancellationToken);
            }

            while (await r.ReadAsync(cancellationToken))
            {
                started[r.GetGuid(0)] = r.GetInt32(1);
            }
        }

        return executions.Select(e => started.TryGetValue(e.Id, out var attempt)
            ? new StartedExecution(e.Id, true, attempt)
            : new StartedExecution(e.Id, false, 0)).ToList();
    }

    /// <summary>Records ended attempts; returns the ids whose completion was accepted (the others had lost their lease).</summary>
    public async Task<IReadOnlySet<Guid>> CompleteAsync(Guid workerId, IReadOnlyList<CompletedAttempt> completions, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CompleteSql)
            .With(workerId)
            .With(completions.Select(c => c.Id).ToArray())
            .With(completions.Select(c => c.Attempt).ToArray())
            .With(completions.Select(c => (short)c.Status).ToArray())
            .With(completions.Select(c => c.Result?.ToJsonString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            .With(completions.Select(c => c.Output).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With(completions.Select(c => c.Error).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With(completions.Select(c => c.Reason).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
            .With(completions.Select(c => c.RetryAfter).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Interval)
            .With(completions.Select(c => c.StartedAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
            .With(completions.Select(c => c.FinishedAt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        var accepted = new HashSet<Guid>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            if (r.GetBoolean(1))
            {
                accepted.Add(r.GetGuid(0));
            }
        }

        return accepted;
    }

    /// <summary>Extends the leases of the executions the worker holds; reports which are still its own and which someone asked to stop.</summary>
    public async Task<IReadOnlyList<LeaseRenewal>> RenewLeasesAsync(Guid workerId, IReadOnlyCollection<Guid> held, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (held.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand($"""
            with mine as materialized (
                -- By id alone, as the starts lock (a status condition here may read the whole lease index).
                select id from gnomon_dispatch where id = any($3) and worker_id = $1 order by id for update)
            update gnomon_dispatch d set lease_expires_at = now() + $2 from mine where d.id = mine.id and d.status in {StatusSql.Held}
            returning d.id, d.cancel_requested
            """)
            .With(workerId).With(lease).With(held.ToArray());
        var renewals = new List<LeaseRenewal>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            renewals.Add(new LeaseRenewal(r.GetGuid(0), r.GetBoolean(1)));
        }

        return renewals;
    }

    /// <summary>
    /// Takes back executions whose lease expired (or, with <paramref name="workerId"/>, everything that worker holds):
    /// claimed ones return to pending; running ones are retried as a new attempt, up to <paramref name="maxLeaseRecoveries"/> times.
    /// </summary>
    /// <returns>How many claimed executions were released and how many running ones were recovered.</returns>
    /// <returns>How many claimed executions were released and how many running ones were recovered; rows that could not be
    /// taken back as they stand are set aside instead (counted as recovered, so a full batch still means more may wait).</returns>
    public async Task<(int Released, int Recovered)> ReapAsync(Guid? workerId, int maxLeaseRecoveries, string attemptError, int batchSize, CancellationToken cancellationToken)
    {
        try
        {
            return await ReapOnceAsync(workerId, null, maxLeaseRecoveries, attemptError, batchSize, cancellationToken);
        }
        catch (PostgresException ex) when (PoisonRows.IsDataError(ex))
        {
            // The batch failed on some row's data: take the expired rows back one at a time, setting aside those that fail.
            var candidates = new List<Guid>();
            await using (var select = dataSource.CreateCommand($"""
                select id from gnomon_dispatch
                where status in {StatusSql.Held} and case when $1::uuid is null then lease_expires_at < now() else worker_id = $1 end
                order by lease_expires_at limit $2
                """).With(workerId, NpgsqlDbType.Uuid).With(batchSize))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    candidates.Add(reader.GetGuid(0));
                }
            }

            int released = 0, recovered = 0;
            foreach (var id in candidates)
            {
                try
                {
                    var (r, c) = await ReapOnceAsync(workerId, id, maxLeaseRecoveries, attemptError, 1, cancellationToken);
                    released += r;
                    recovered += c;
                }
                catch (PostgresException one) when (PoisonRows.IsDataError(one))
                {
                    await SetAsideAsync(null, [new SetAsideExecution(id, PoisonRows.Reason("taking back the expired lease", one))], cancellationToken);
                    recovered++;
                }
            }

            return (released, recovered);
        }
    }

    private async Task<(int Released, int Recovered)> ReapOnceAsync(
        Guid? workerId, Guid? only, int maxLeaseRecoveries, string attemptError, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(only is null ? ReapSql : ReapOneSql)
            .With(workerId, NpgsqlDbType.Uuid).With(batchSize).With(maxLeaseRecoveries).With(attemptError);
        if (only is { } id)
        {
            command.With(id);
        }

        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return ((int)r.GetInt64(0), (int)r.GetInt64(1));
    }
}
