using Cronos;

namespace Gnomon.Domain.Schedules;

/// <summary>A cron expression evaluated in an IANA time zone by Cronos.</summary>
/// <remarks>
/// Daylight saving time follows Cronos: a local time skipped by a spring-forward fires once, at the transition;
/// a fixed local time repeated by a fall-back (<c>30 1 * * *</c>) fires once. Expressions that step through
/// the hour (<c>*/2 * * * * *</c>) keep their cadence in real time through the repeated hour, as Vixie cron does,
/// rather than pausing for an hour.
/// </remarks>
public sealed class CronSchedule : Schedule
{
    private readonly CronExpression _expression;

    public CronSchedule(CronExpression expression, TimeZoneInfo zone, DateTimeOffset? startAt, DateTimeOffset? endAt)
        : base(startAt, endAt)
    {
        _expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    protected override DateTimeOffset? NextCandidate(DateTimeOffset instant, bool inclusive)
    {
        // Cron has whole-second resolution: an inclusive search from a fractional instant starts at the next second.
        var utc = instant.UtcDateTime;
        var next = _expression.GetNextOccurrence(utc, Zone, inclusive);
        return next is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null;
    }
}
