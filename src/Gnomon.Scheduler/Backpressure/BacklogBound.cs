using Gnomon.Store.Scheduling;

namespace Gnomon.Scheduler.Backpressure;

/// <summary>
/// <c>Scheduler:MaxBacklog</c>: whether the pending executions already due, waiting for a worker, have reached the
/// bound beyond which the scheduler writes no new slots.
/// </summary>
/// <remarks>
/// <para>
/// The count is read from the database at most every <see cref="MeasureInterval"/>, not for every batch. Between two
/// readings every runnable slot written is added to the last one, as if it were due at once and no worker took any:
/// an over-estimate, so that a catch-up of many batches in one interval cannot overshoot the bound by more than the
/// last batch; the next reading corrects it. The scheduler takes no more jobs for a batch than there is <see cref="Room"/>.
/// </para>
/// <para>
/// The count is global, so masters sharing a database share one bound; each holds back on its own reading.
/// Not thread-safe: the scheduling loop alone uses it.
/// </para>
/// </remarks>
public sealed class BacklogBound(BacklogStore store, int maxBacklog, TimeProvider timeProvider, SchedulerMetrics metrics)
{
    /// <summary>The most often the backlog is counted, and how soon a held-back scheduler looks again.</summary>
    public static readonly TimeSpan MeasureInterval = TimeSpan.FromMilliseconds(250);

    private long? _measuredAt;
    private int _estimate;

    /// <summary>True while the backlog is at or over the bound (measured again when the last reading is <see cref="MeasureInterval"/> old).</summary>
    public async ValueTask<bool> IsReachedAsync(CancellationToken cancellationToken)
    {
        if (_measuredAt is not { } at || timeProvider.GetElapsedTime(at) >= MeasureInterval)
        {
            var started = timeProvider.GetTimestamp();
            _estimate = await store.CountDueAsync(maxBacklog, cancellationToken);
            _measuredAt = started;
            metrics.Backlog(_estimate);
        }

        return _estimate >= maxBacklog;
    }

    /// <summary>How many more runnable slots the bound allows by the current estimate (at least one: call after <see cref="IsReachedAsync"/> said false).</summary>
    public int Room => Math.Max(maxBacklog - _estimate, 1);

    /// <summary>Adds <paramref name="runnable"/> slots just written to the estimate until the next reading.</summary>
    public void Wrote(int runnable) => _estimate = (int)Math.Min((long)_estimate + runnable, int.MaxValue);
}
