using Gnomon.Domain.Jobs;
using Gnomon.Domain.Planning;
using Gnomon.Scheduler.Backpressure;
using Gnomon.Scheduler.Partitions;
using Gnomon.Store.Connections;
using Gnomon.Store.Jobs;
using Gnomon.Store.Migrations;
using Gnomon.Store.Notifications;
using Gnomon.Store.Partitions;
using Gnomon.Store.Scheduling;
using Gnomon.Store.Timing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Scheduler.Planning;

/// <summary>The master's scheduling loop: keeps the next fires of its partitions in a priority queue and writes slots just ahead of their instant.</summary>
/// <remarks>
/// <para>
/// A timer, not a polling loop: it sleeps until the soonest fire minus the lookahead, a periodic horizon
/// refresh, or a job-change notification. The database stays the truth: each batch re-reads and locks its
/// jobs, so a stale queue entry costs one wasted lookup, never a wrong fire.
/// </para>
/// <para>
/// Backpressure: while <see cref="SchedulerOptions.MaxBacklog"/> due executions wait for a worker, no job is taken
/// from the queue; the loop looks again every <see cref="BacklogBound.MeasureInterval"/> and, once the backlog is
/// below the bound, resumes with the oldest fires. Slots that grew older than the misfire threshold meanwhile follow
/// their job's misfire policy with the reason <c>overloaded</c>, because this loop watched their partition since
/// before they fell due (<see cref="PartitionWatch"/>).
/// </para>
/// </remarks>
public sealed partial class SchedulingService(
    JobStore jobs,
    FireStore fires,
    BacklogStore backlog,
    NotificationListener listener,
    IPartitionOwnership ownership,
    IOptions<SchedulerOptions> options,
    TimeProvider timeProvider,
    SchedulerMetrics metrics,
    SchemaGate gate,
    ILogger<SchedulingService> logger) : BackgroundService
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    private readonly SchedulerOptions _options = options.Value;
    private readonly FireQueue _queue = new();
    private readonly ScheduleCache _schedules = new();
    private readonly PartitionWatch _watch = new();
    private readonly BacklogBound _backlog = new(backlog, options.Value.MaxBacklog, timeProvider, metrics);
    private readonly Wakeup _wakeup = new(timeProvider);
    private readonly Lock _changedLock = new();
    private readonly Lock _planLock = new();
    private HashSet<Guid> _changed = [];
    private volatile bool _refreshRequested = true;
    private bool _heldBack;
    private long? _holdingSince;

    /// <summary>Executions inserted since start, pending and skipped (the <c>Gnomon.Scheduler</c> meter counts them apart).</summary>
    public long FiresWritten => Interlocked.Read(ref _firesWritten);

    private long _firesWritten;

    /// <summary>Asks for a full reload of the horizon, for example after partitions changed hands.</summary>
    public void RequestRefresh()
    {
        _refreshRequested = true;
        _wakeup.Signal();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        ownership.Changed += RequestRefresh;
        var listening = listener.RunAsync([Channels.Jobs], OnNotification, RequestRefresh, stoppingToken);
        var nextRefresh = DateTimeOffset.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = timeProvider.GetUtcNow();
                if (_refreshRequested || now >= nextRefresh)
                {
                    _refreshRequested = false;
                    await RefreshAsync(now, stoppingToken);
                    nextRefresh = now + _options.RefreshInterval;
                }

                await ApplyChangesAsync(now, stoppingToken);
                while (await MaterialiseDueAsync(stoppingToken))
                {
                }

                failures = 0;
                NoteProgress();
                await _wakeup.WaitAsync(TimeUntilNextWork(nextRefresh), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or a bug hit one batch): keep the process up and come back with a full refresh.
                failures++;
                var backoff = RetryBackoff.After(failures, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
                LogLoopFailed(ex, backoff);
                _refreshRequested = true;
                await Task.Delay(backoff, timeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }

        ownership.Changed -= RequestRefresh;
        await listening;
    }

    private void OnNotification(string channel, string payload)
    {
        var any = false;
        lock (_changedLock)
        {
            foreach (var range in payload.AsSpan().Split(','))
            {
                if (Guid.TryParse(payload.AsSpan(range), out var jobId))
                {
                    _changed.Add(jobId);
                    any = true;
                }
            }
        }

        if (any)
        {
            _wakeup.Signal();
        }
    }

    private async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Before the database is asked: partitions lost while it is away are forgotten even if the load fails.
        var fence = ownership.Fence;
        _watch.Update(fence, now);
        var owned = fence.Partitions;
        var upcoming = owned.Count == 0
            ? []
            : await jobs.LoadUpcomingAsync(owned, now + _options.Horizon, 1_000_000, cancellationToken);
        _queue.Clear();
        foreach (var (id, next) in upcoming)
        {
            _queue.Set(id, next);
        }

        LogRefreshed(upcoming.Count, owned.Count);
    }

    private async Task ApplyChangesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        HashSet<Guid> changed;
        lock (_changedLock)
        {
            if (_changed.Count == 0)
            {
                return;
            }

            changed = _changed;
            _changed = [];
        }

        // One query for every change gathered meanwhile: a batch create notifies a thousand ids at once.
        var owned = ownership.OwnedPartitions;
        var mine = changed.Where(id => owned.Contains(Domain.Jobs.JobLimits.PartitionOf(id))).ToList();
        var next = await jobs.GetNextFiresAsync(mine, cancellationToken);
        foreach (var id in changed)
        {
            if (next.TryGetValue(id, out var at) && at <= now + _options.Horizon)
            {
                _queue.Set(id, at);
            }
            else
            {
                _queue.Remove(id);
            }
        }
    }

    /// <summary>Writes one batch of due slots; true when more may be due at once.</summary>
    /// <remarks>Writes nothing, leaving the due jobs queued, while the backlog bound holds (<see cref="_heldBack"/>).</remarks>
    private async Task<bool> MaterialiseDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var until = now + _options.Lookahead;
        _heldBack = false;
        if (_queue.PeekNext() is not { } soonest || soonest > until)
        {
            return false;
        }

        if (await _backlog.IsReachedAsync(cancellationToken))
        {
            if (_holdingSince is null)
            {
                _holdingSince = timeProvider.GetTimestamp();
                LogHeldBack(_options.MaxBacklog, _queue.Count);
            }

            _heldBack = true;
            metrics.HeldBack();
            return false;
        }

        // No more jobs than the bound has room for: each writes at least one slot as a rule, so a round overshoots the
        // bound by the extra slots of its jobs at most (after a hold: their slots of the last misfire threshold).
        // Up to WriteConcurrency batches go at once, each its own transaction: a transaction is one PostgreSQL backend
        // on one core, and a master writing one batch at a time was what bounded a drain (its workers waited for it).
        var room = _backlog.Room;
        var batches = new List<List<Guid>>(_options.WriteConcurrency);
        var more = false;
        while (batches.Count < _options.WriteConcurrency && room > 0)
        {
            var take = Math.Min(_options.BatchSize, room);
            var due = _queue.TakeDue(until, take);
            if (due.Count == 0)
            {
                break;
            }

            batches.Add(due);
            room -= due.Count;
            more = due.Count == take;
            if (!more)
            {
                break;
            }
        }

        var misfire = new MisfireOptions(_options.MisfireThreshold, _options.RunAllCap, MaxBacklog: _options.MaxBacklog);
        var fence = ownership.Fence;
        var writes = batches.Select(due => WriteBatchAsync(due, fence, now, until, misfire, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(writes);
        }
        catch
        {
            // Nothing of a failed batch was written: it must be retried, so reload it with the horizon. What the
            // others wrote is counted first.
            _refreshRequested = true;
            foreach (var write in writes.Where(w => w.IsCompletedSuccessfully))
            {
                Apply(write.Result, now);
            }

            throw;
        }

        foreach (var write in writes)
        {
            Apply(write.Result, now);
        }

        metrics.OldestQueued(_queue.PeekNext());
        return more;
    }

    private async Task<WrittenBatch> WriteBatchAsync(
        List<Guid> due, PartitionFence fence, DateTimeOffset now, DateTimeOffset until, MisfireOptions misfire, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<Guid, FirePlan>(due.Count);
        var result = await fires.MaterialiseAsync(due, fence, until, job =>
        {
            // Batches plan at once on their own threads; the schedule cache and the partition watch are not thread-safe.
            lock (_planLock)
            {
                var schedule = _schedules.Get(job, out var problem);
                if (schedule is null)
                {
                    return FirePlan.SetAside($"set aside: its stored schedule no longer compiles ({problem}); correct it and PUT the job again");
                }

                var plan = job.NextFireAt is null
                    ? new FirePlan([], null)
                    : FirePlanner.Plan(schedule, job.NextFireAt.Value, now, until, job.Definition.MisfirePolicy, misfire, _watch.Since(JobLimits.PartitionOf(job.Id)));
                plans[job.Id] = plan;
                return plan;
            }
        }, cancellationToken);
        return new WrittenBatch(due, result, plans);
    }

    /// <summary>Counts what a batch wrote and queues its jobs' next fires; jobs it did not write are read again.</summary>
    private void Apply(WrittenBatch batch, DateTimeOffset now)
    {
        var result = batch.Result;
        Interlocked.Add(ref _firesWritten, result.Inserted);
        CountWritten(result, batch.Plans);
        foreach (var (jobId, reason) in result.SetAside)
        {
            LogJobSetAside(jobId, reason);
        }

        var horizon = now + _options.Horizon;
        foreach (var (id, next) in result.NextFires)
        {
            if (next is { } at && at <= horizon)
            {
                _queue.Set(id, at);
            }
        }

        // Jobs not written (locked by a writer, or changed meanwhile) are re-read from the database.
        if (result.NextFires.Count < batch.Due.Count)
        {
            lock (_changedLock)
            {
                foreach (var id in batch.Due.Where(id => !result.NextFires.ContainsKey(id)))
                {
                    _changed.Add(id);
                }
            }
        }
    }

    /// <summary>Publishes the oldest queued fire (the lag), and logs the end of a hold once the scheduler is on time again.</summary>
    /// <remarks>A hold ends when no queued fire is past its instant, not at the first batch written: under a steady overload the bound lets one batch through every few passes, which is still the same hold.</remarks>
    private void NoteProgress()
    {
        var oldest = _queue.PeekNext();
        metrics.OldestQueued(oldest);
        if (_holdingSince is { } since && !_heldBack && (oldest is not { } at || at >= timeProvider.GetUtcNow()))
        {
            _holdingSince = null;
            var heldFor = timeProvider.GetElapsedTime(since);
            LogBackOnTime(heldFor);
        }
    }

    /// <summary>Counts what the plans written put in the database, for the metrics and the backlog estimate.</summary>
    /// <remarks>Counted from the plans: a slot another scheduler had written already (the unique slot index drops it) is counted as well.</remarks>
    private void CountWritten(MaterialiseResult result, Dictionary<Guid, FirePlan> plans)
    {
        int runnable = 0, overloaded = 0, noScheduler = 0;
        foreach (var id in result.NextFires.Keys)
        {
            if (result.SetAside.ContainsKey(id) || !plans.TryGetValue(id, out var plan))
            {
                continue;
            }

            runnable += plan.Fires.Count - plan.OverloadedSkips - plan.NoSchedulerSkips;
            overloaded += plan.OverloadedSkips;
            noScheduler += plan.NoSchedulerSkips;
        }

        _backlog.Wrote(runnable);
        metrics.SlotsShed(overloaded, noScheduler);
        metrics.FiresWritten(runnable);
    }

    private TimeSpan TimeUntilNextWork(DateTimeOffset nextRefresh)
    {
        var now = timeProvider.GetUtcNow();
        var wakeAt = nextRefresh;
        if (_queue.PeekNext() is { } next)
        {
            // Held back, the due jobs wait for the backlog to fall below the bound, which is counted again this soon.
            var workAt = _heldBack ? now + BacklogBound.MeasureInterval : next - _options.Lookahead;
            if (workAt < wakeAt)
            {
                wakeAt = workAt;
            }
        }

        // A timer fires on the millisecond tick, often a fraction of a millisecond before the wall clock reaches the
        // instant, and a sub-millisecond delay does not wait at all: the loop then spun until the clock caught up.
        var delay = wakeAt - now;
        return delay <= TimeSpan.Zero ? TimeSpan.Zero : delay < OneMillisecond ? OneMillisecond : delay;
    }

    [LoggerMessage(EventId = EventIds.SchedulingServiceRefreshed, Level = LogLevel.Debug, Message = "Loaded {Count} upcoming jobs of {Partitions} partitions")]
    private partial void LogRefreshed(int count, int partitions);

    [LoggerMessage(EventId = EventIds.SchedulingServiceJobSetAside, Level = LogLevel.Warning, Message = "Job {JobId} no longer fires: {Reason}")]
    private partial void LogJobSetAside(Guid jobId, string reason);

    [LoggerMessage(EventId = EventIds.SchedulingServiceHeldBack, Level = LogLevel.Warning, Message = "Holding back new slots: Scheduler:MaxBacklog ({MaxBacklog}) due executions are waiting for a worker; {Queued} jobs stay queued")]
    private partial void LogHeldBack(int maxBacklog, int queued);

    [LoggerMessage(EventId = EventIds.SchedulingServiceBackOnTime, Level = LogLevel.Information, Message = "Back on time: the backlog is below Scheduler:MaxBacklog and no slot is late, {HeldFor} after holding back began")]
    private partial void LogBackOnTime(TimeSpan heldFor);

    [LoggerMessage(EventId = EventIds.SchedulingServiceLoopFailed, Level = LogLevel.Warning, Message = "Scheduling pass failed; retrying in {Backoff}")]
    private partial void LogLoopFailed(Exception exception, TimeSpan backoff);

    private sealed record WrittenBatch(List<Guid> Due, MaterialiseResult Result, Dictionary<Guid, FirePlan> Plans);
}
