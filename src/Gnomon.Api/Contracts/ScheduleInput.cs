using Gnomon.Domain.Schedules;

namespace Gnomon.Api.Contracts;

/// <summary>A schedule as written by a client: exactly one of <see cref="Cron"/>, <see cref="IntervalSeconds"/> or <see cref="RunAt"/>.</summary>
public sealed record ScheduleInput
{
    /// <summary>5 or 6 fields (6: seconds first), or a macro such as <c>@hourly</c>.</summary>
    public string? Cron { get; init; }

    /// <summary>IANA zone of <see cref="Cron"/>; UTC when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Fixed rate, at least 1.</summary>
    public int? IntervalSeconds { get; init; }

    /// <summary>Fires once.</summary>
    public DateTimeOffset? RunAt { get; init; }

    public DateTimeOffset? StartAt { get; init; }

    public DateTimeOffset? EndAt { get; init; }

    /// <summary>The domain spec, instants truncated to milliseconds (the precision the API shows and the database keeps).</summary>
    public ScheduleSpec ToSpec() => new()
    {
        Cron = Cron,
        TimeZone = TimeZone,
        IntervalSeconds = IntervalSeconds,
        RunAt = Truncate(RunAt),
        StartAt = Truncate(StartAt),
        EndAt = Truncate(EndAt),
    };

    private static DateTimeOffset? Truncate(DateTimeOffset? instant) =>
        instant is { } i ? ScheduleCompiler.TruncateToMilliseconds(i) : null;
}
