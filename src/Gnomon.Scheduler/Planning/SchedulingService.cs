using Gnomon.Domain.Planning;
using Gnomon.Scheduler.Partitions;
using Gnomon.Store.Connections;
using Gnomon.Store.Jobs;
using Gnomon.Store.Migrations;
using Gnomon.Store.Notifications;
using Gnomon.Store.Scheduling;
using Gnomon.Store.Timing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Scheduler.Planning;

/// <summary>The master's scheduling loop: keeps the next fires of its partitions in a priority queue and writes slots just ahead of their instant.</summary>
/// <remarks>
/// A timer, not a polling loop: it sleeps until the soonest fire minus the lookahead, a periodic horizon
/// refresh, or a job-change notification. The database stays the truth: each batch re-reads and locks its
/// jobs, so a stale queue entry costs one wasted lookup, never a wrong fire.
/// </remarks>
public sealed partial class SchedulingService(
    JobStore jobs,
    FireStore fires,
    NotificationListener listener,
    IPartitionOwnership ownership,
    IOptions<SchedulerOptions> options,
    TimeProvider timeProvider,
    SchemaGate gate,
    ILogger<SchedulingService> logger) : BackgroundService
{
    private readonly SchedulerOptions _options = options.Value;
    private readonly FireQueue _queue = new();
    private readonly ScheduleCache _schedules = new();
    private readonly Wakeup _wakeup = new(timeProvider);
    private readonly Lock _changedLock = new();
    private HashSet<Guid> _changed = [];
    private volatile bool _refreshRequested = true;

    /// <summary>Slots written since start, for metrics and tests.</summary>
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
        var owned = ownership.OwnedPartitions;
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
    private async Task<bool> MaterialiseDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var until = now + _options.Lookahead;
        var due = _queue.TakeDue(until, _options.BatchSize);
        if (due.Count == 0)
        {
            return false;
        }

        var misfire = new MisfireOptions(_options.MisfireThreshold, _options.RunAllCap);
        MaterialiseResult result;
        try
        {
            result = await fires.MaterialiseAsync(due, ownership.Fence, until, job =>
            {
                var schedule = _schedules.Get(job, out var problem);
                if (schedule is null)
                {
                    return FirePlan.SetAside($"set aside: its stored schedule no longer compiles ({problem}); correct it and PUT the job again");
                }

                return job.NextFireAt is null
                    ? new FirePlan([], null)
                    : FirePlanner.Plan(schedule, job.NextFireAt.Value, now, until, job.Definition.MisfirePolicy, misfire);
            }, cancellationToken);
        }
        catch
        {
            // Nothing was written: the batch must be retried, so reload it with the horizon.
            _refreshRequested = true;
            throw;
        }

        Interlocked.Add(ref _firesWritten, result.Inserted);
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
        if (result.NextFires.Count < due.Count)
        {
            lock (_changedLock)
            {
                foreach (var id in due.Where(id => !result.NextFires.ContainsKey(id)))
                {
                    _changed.Add(id);
                }
            }
        }

        return due.Count == _options.BatchSize;
    }

    private TimeSpan TimeUntilNextWork(DateTimeOffset nextRefresh)
    {
        var now = timeProvider.GetUtcNow();
        var wakeAt = nextRefresh;
        if (_queue.PeekNext() is { } next && next - _options.Lookahead < wakeAt)
        {
            wakeAt = next - _options.Lookahead;
        }

        var delay = wakeAt - now;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    [LoggerMessage(EventId = EventIds.SchedulingServiceRefreshed, Level = LogLevel.Debug, Message = "Loaded {Count} upcoming jobs of {Partitions} partitions")]
    private partial void LogRefreshed(int count, int partitions);

    [LoggerMessage(EventId = EventIds.SchedulingServiceJobSetAside, Level = LogLevel.Warning, Message = "Job {JobId} no longer fires: {Reason}")]
    private partial void LogJobSetAside(Guid jobId, string reason);

    [LoggerMessage(EventId = EventIds.SchedulingServiceLoopFailed, Level = LogLevel.Warning, Message = "Scheduling pass failed; retrying in {Backoff}")]
    private partial void LogLoopFailed(Exception exception, TimeSpan backoff);
}
