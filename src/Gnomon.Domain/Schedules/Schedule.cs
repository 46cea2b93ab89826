namespace Gnomon.Domain.Schedules;

/// <summary>A compiled schedule: the instants a job fires at, in UTC.</summary>
/// <remarks>Instants have millisecond precision at most, the precision the API and the database keep.</remarks>
public abstract class Schedule
{
    protected Schedule(DateTimeOffset? startAt, DateTimeOffset? endAt)
    {
        StartAt = startAt;
        EndAt = endAt;
    }

    public DateTimeOffset? StartAt { get; }

    public DateTimeOffset? EndAt { get; }

    /// <summary>The first fire at or after <paramref name="instant"/> inside the window, or null when there is none.</summary>
    public DateTimeOffset? FirstAtOrAfter(DateTimeOffset instant)
    {
        if (StartAt is { } start && instant < start)
        {
            instant = start;
        }

        var next = NextCandidate(instant, inclusive: true);
        return InsideWindow(next);
    }

    /// <summary>The first fire strictly after <paramref name="instant"/> inside the window, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        if (StartAt is { } start && instant < start)
        {
            return FirstAtOrAfter(start);
        }

        return InsideWindow(NextCandidate(instant, inclusive: false));
    }

    /// <summary>Up to <paramref name="count"/> fires at or after <paramref name="from"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset from, int count)
    {
        var fires = new List<DateTimeOffset>(count);
        var next = FirstAtOrAfter(from);
        while (next is { } fire && fires.Count < count)
        {
            fires.Add(fire);
            next = NextAfter(fire);
        }

        return fires;
    }

    /// <summary>The schedule's own next instant, ignoring the window.</summary>
    protected abstract DateTimeOffset? NextCandidate(DateTimeOffset instant, bool inclusive);

    private DateTimeOffset? InsideWindow(DateTimeOffset? fire) =>
        fire is { } f && EndAt is { } end && f > end ? null : fire;
}
