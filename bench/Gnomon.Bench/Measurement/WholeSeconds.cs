namespace Gnomon.Bench.Measurement;

/// <summary>Second boundaries, where every-second and second-granular cron slots lie.</summary>
internal static class WholeSeconds
{
    /// <summary>The first whole second strictly after <paramref name="instant"/> (UTC).</summary>
    public static DateTimeOffset After(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
