namespace Gnomon.Domain.Schedules;

/// <summary>A single fire at one instant.</summary>
public sealed class RunAtSchedule : Schedule
{
    public RunAtSchedule(DateTimeOffset runAt, DateTimeOffset? startAt, DateTimeOffset? endAt)
        : base(startAt, endAt)
    {
        RunAt = runAt;
    }

    public DateTimeOffset RunAt { get; }

    protected override DateTimeOffset? NextCandidate(DateTimeOffset instant, bool inclusive) =>
        instant < RunAt || (inclusive && instant == RunAt) ? RunAt : null;
}
