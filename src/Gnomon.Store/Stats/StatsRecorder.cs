using Gnomon.Domain.Executions;
using Gnomon.Domain.Stats;

namespace Gnomon.Store.Stats;

/// <summary>
/// Counts in memory, by minute, what this node did, until <see cref="StatsFlushService"/> adds it to the node's rows in
/// <c>gnomon_stats</c>: a counter bumped under a lock costs nothing beside the database write of an attempt.
/// </summary>
public sealed class StatsRecorder(TimeProvider timeProvider)
{
    /// <summary>Minutes held while the database cannot be reached; older ones are dropped, the newest kept.</summary>
    internal const int MaxHeldMinutes = 120;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<DateTimeOffset, MinuteStats> _held = [];

    /// <summary>Counts an attempt that ended; <paramref name="retrying"/> when another attempt of it is due.</summary>
    public void AttemptEnded(ExecutionStatus status, bool retrying) => Update((status, retrying), static (m, ended) =>
    {
        switch (ended.status)
        {
            case ExecutionStatus.Succeeded:
                m.Succeeded++;
                break;
            case ExecutionStatus.Failed or ExecutionStatus.TimedOut when ended.retrying:
                m.Retrying++;
                break;
            case ExecutionStatus.Failed:
                m.Failed++;
                break;
            case ExecutionStatus.TimedOut:
                m.TimedOut++;
                break;
            case ExecutionStatus.Cancelled:
                m.Cancelled++;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), ended.status, "an attempt ends succeeded, failed, timed out or cancelled");
        }
    });

    /// <summary>Counts an execution's first start, <paramref name="lag"/> after its due instant.</summary>
    public void FireStarted(TimeSpan lag) => Update(LagHistogram.BucketOf(lag), static (m, bucket) => m.Lag[bucket]++);

    /// <summary>Counts slots written as skipped misfires.</summary>
    public void SlotsSkipped(int count)
    {
        if (count > 0)
        {
            Update(count, static (m, skipped) => m.Skipped += skipped);
        }
    }

    /// <summary>Records a backlog measurement; the minute keeps the largest.</summary>
    public void Backlog(int count) => Update(count, static (m, measured) => m.Backlog = Math.Max(m.Backlog ?? 0, measured));

    /// <summary>Everything counted since the last call, oldest minute first, and forgets it.</summary>
    public IReadOnlyList<MinuteStats> Take()
    {
        lock (_lock)
        {
            var taken = _held.Values.ToList();
            _held.Clear();
            return taken;
        }
    }

    /// <summary>Gives back minutes a flush could not write, to go with the next one.</summary>
    public void PutBack(IReadOnlyList<MinuteStats> minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        lock (_lock)
        {
            foreach (var minute in minutes)
            {
                Held(minute.Minute).Add(minute);
            }
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current minute; the state goes in as an argument, so the per-attempt calls allocate no closure.</summary>
    private void Update<TState>(TState state, Action<MinuteStats, TState> change)
    {
        var minute = MinuteStats.MinuteOf(timeProvider.GetUtcNow());
        lock (_lock)
        {
            change(Held(minute), state);
        }
    }

    private MinuteStats Held(DateTimeOffset minute)
    {
        if (!_held.TryGetValue(minute, out var stats))
        {
            stats = new MinuteStats(minute);
            _held.Add(minute, stats);
            if (_held.Count > MaxHeldMinutes)
            {
                _held.Remove(_held.Keys.First());
            }
        }

        return stats;
    }
}
