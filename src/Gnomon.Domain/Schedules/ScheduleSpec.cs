namespace Gnomon.Domain.Schedules;

/// <summary>A job's schedule as the user wrote it: exactly one of cron, interval or run-at, with an optional window.</summary>
public sealed record ScheduleSpec
{
    public string? Cron { get; init; }

    /// <summary>IANA time zone of the cron expression; UTC when null.</summary>
    public string? TimeZone { get; init; }

    public int? IntervalSeconds { get; init; }

    public DateTimeOffset? RunAt { get; init; }

    public DateTimeOffset? StartAt { get; init; }

    public DateTimeOffset? EndAt { get; init; }
}
