namespace Gnomon.Domain.Schedules;

/// <summary>Fixed-rate fires: <c>anchor + k × interval</c>.</summary>
/// <remarks>Anchored to the window start when there is one, else to the job's creation, so the rate never drifts with run times.</remarks>
public sealed class IntervalSchedule : Schedule
{
    public IntervalSchedule(TimeSpan interval, DateTimeOffset anchor, DateTimeOffset? startAt, DateTimeOffset? endAt)
        : base(startAt, endAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        Interval = interval;
        Anchor = startAt ?? anchor;
    }

    public TimeSpan Interval { get; }

    public DateTimeOffset Anchor { get; }

    protected override DateTimeOffset? NextCandidate(DateTimeOffset instant, bool inclusive)
    {
        if (instant < Anchor || (inclusive && instant == Anchor))
        {
            return Anchor;
        }

        var elapsed = (instant - Anchor).Ticks;
        var steps = elapsed / Interval.Ticks;
        var candidate = Anchor + TimeSpan.FromTicks(steps * Interval.Ticks);
        if (candidate < instant || (!inclusive && candidate == instant))
        {
            candidate += Interval;
        }

        return candidate;
    }
}
