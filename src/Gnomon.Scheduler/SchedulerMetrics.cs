using System.Diagnostics.Metrics;
using Gnomon.Store.Stats;

namespace Gnomon.Scheduler;

/// <summary>The scheduler's instruments, exported on <c>/metrics</c> as <c>gnomon_scheduler_…</c>.</summary>
/// <remarks>
/// Observed rather than added to: a scrape shows every series, both shed reasons included, at zero before the first
/// event, so an alert on their rate needs no special case for a series that does not exist yet.
/// </remarks>
public sealed class SchedulerMetrics : IDisposable
{
    public const string MeterName = "Gnomon.Scheduler";

    /// <summary>The <c>reason</c> tag of a slot shed while a scheduler was running but the system was behind.</summary>
    public const string OverloadedReason = "overloaded";

    /// <summary>The <c>reason</c> tag of a slot shed because no scheduler held its partition when it fell due.</summary>
    public const string NoSchedulerReason = "no_scheduler";

    private readonly Meter _meter;
    private readonly TimeProvider _timeProvider;
    private readonly StatsRecorder _stats;
    private long _firesWritten;
    private long _shedOverloaded;
    private long _shedNoScheduler;
    private long _heldBack;
    private long _backlog;

    // Ticks of the oldest fire in the queue (UTC), or 0 when the queue is empty.
    private long _oldestQueuedTicks;

    public SchedulerMetrics(IMeterFactory meterFactory, TimeProvider timeProvider, StatsRecorder stats)
    {
        _timeProvider = timeProvider;
        _stats = stats;
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("fires_written", () => Interlocked.Read(ref _firesWritten), description: "Slots written as pending executions, to run");
        _meter.CreateObservableCounter("slots_shed", ObserveShed, description: "Slots written as skipped misfires, by reason (overloaded: a scheduler was running but behind; no_scheduler: none held the partition)");
        _meter.CreateObservableCounter("held_back", () => Interlocked.Read(ref _heldBack), description: "Scheduling passes that wrote nothing because Scheduler:MaxBacklog due executions were waiting for a worker (about four a second while it holds)");
        _meter.CreateObservableGauge("backlog", () => Interlocked.Read(ref _backlog), description: "Pending executions due and waiting for a worker, as last measured (counted up to Scheduler:MaxBacklog)");
        _meter.CreateObservableGauge("lag", ObserveLag, "s", "How far behind its schedule the scheduler is: now minus the oldest queued fire already past its instant; 0 when on time");
    }

    /// <summary>Counts slots written to run.</summary>
    public void FiresWritten(int count) => Interlocked.Add(ref _firesWritten, count);

    /// <summary>Counts slots written as skipped misfires, by why they were missed.</summary>
    public void SlotsShed(int overloaded, int noScheduler)
    {
        Interlocked.Add(ref _shedOverloaded, overloaded);
        Interlocked.Add(ref _shedNoScheduler, noScheduler);
        _stats.SlotsSkipped(overloaded + noScheduler);
    }

    /// <summary>Counts a pass held back by the backlog bound.</summary>
    public void HeldBack() => Interlocked.Increment(ref _heldBack);

    /// <summary>Records the latest backlog measurement.</summary>
    public void Backlog(int count)
    {
        Interlocked.Exchange(ref _backlog, count);
        _stats.Backlog(count);
    }

    /// <summary>Records the oldest fire still in the queue (null: the queue is empty), from which the lag is observed.</summary>
    public void OldestQueued(DateTimeOffset? at) => Interlocked.Exchange(ref _oldestQueuedTicks, at?.UtcTicks ?? 0);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveShed() =>
    [
        new(Interlocked.Read(ref _shedOverloaded), new KeyValuePair<string, object?>("reason", OverloadedReason)),
        new(Interlocked.Read(ref _shedNoScheduler), new KeyValuePair<string, object?>("reason", NoSchedulerReason)),
    ];

    private double ObserveLag()
    {
        var oldest = Interlocked.Read(ref _oldestQueuedTicks);
        if (oldest == 0)
        {
            return 0;
        }

        var behind = _timeProvider.GetUtcNow().UtcTicks - oldest;
        return behind > 0 ? TimeSpan.FromTicks(behind).TotalSeconds : 0;
    }
}
