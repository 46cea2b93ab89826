namespace Gnomon.Client.Schedules;

/// <summary>When a job fires: exactly one of <see cref="Cron"/>, <see cref="IntervalSeconds"/> or <see cref="RunAt"/>, optionally within a window.</summary>
public sealed record Schedule
{
    /// <summary>A cron expression of 5 or 6 fields (6: seconds first), or a macro such as <c>@hourly</c>.</summary>
    public string? Cron { get; init; }

    /// <summary>The IANA zone the cron expression is read in; UTC when null.</summary>
    public string? TimeZone { get; init; }

    /// <summary>A fixed rate, in seconds (at least 1).</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>A single fire.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>No fire before this instant.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>No fire after this instant.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>A cron schedule, read in <paramref name="timeZone"/> (UTC when null).</summary>
    public static Schedule FromCron(string expression, string? timeZone = null) => new() { Cron = expression, TimeZone = timeZone };

    /// <summary>A fixed-rate schedule.</summary>
    public static Schedule Every(TimeSpan interval) => new() { IntervalSeconds = checked((int)interval.TotalSeconds) };

    /// <summary>A single fire at <paramref name="instant"/>.</summary>
    public static Schedule Once(DateTimeOffset instant) => new() { RunAt = instant };
}
