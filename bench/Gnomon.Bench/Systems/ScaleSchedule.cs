using System.Globalization;

namespace Gnomon.Bench.Systems;

/// <summary>One job's schedule in the scale mix: a second, and a minute and hour where the kind fixes them (UTC).</summary>
internal sealed record ScaleSchedule(ScaleKind Kind, int Second, int? Minute, int? Hour)
{
    /// <summary>Six-field cron, seconds first (Gnomon, Hangfire): <c>17 * * * * *</c>, <c>17 42 * * * *</c>, <c>17 42 5 * * *</c>.</summary>
    public string Cron6 => string.Create(CultureInfo.InvariantCulture, $"{Second} {Field(Minute)} {Field(Hour)} * * *");

    /// <summary>Quartz's cron, which needs <c>?</c> in the day-of-week field.</summary>
    public string QuartzCron => string.Create(CultureInfo.InvariantCulture, $"{Second} {Field(Minute)} {Field(Hour)} * * ?");

    /// <summary>The first fire at or after <paramref name="instant"/> (whole seconds, UTC).</summary>
    public DateTimeOffset NextAtOrAfter(DateTimeOffset instant)
    {
        var t = new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (t < instant)
        {
            t = t.AddSeconds(1);
        }

        var period = Period;
        var offset = TimeSpan.FromSeconds(Second + (60 * (Minute ?? 0)) + (3600 * (Hour ?? 0)));
        var periodStart = new DateTimeOffset(t.UtcTicks - (t.UtcTicks % period.Ticks), TimeSpan.Zero);
        var candidate = periodStart + offset;
        return candidate >= t ? candidate : candidate + period;
    }

    /// <summary>
    /// The last fire at or before <paramref name="instant"/>, a whole second (UTC): the one fire that lies in the
    /// period ending at it. For a system that tells its job only roughly which slot a run is for.
    /// </summary>
    public DateTimeOffset LatestAtOrBefore(DateTimeOffset instant) => NextAtOrAfter(instant - Period + TimeSpan.FromSeconds(1));

    private TimeSpan Period => Kind switch
    {
        ScaleKind.EveryMinute => TimeSpan.FromMinutes(1),
        ScaleKind.Hourly => TimeSpan.FromHours(1),
        _ => TimeSpan.FromDays(1),
    };

    private static string Field(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "*";
}
