namespace Gnomon.Bench.Systems;

/// <summary>
/// The mixed schedules of the scale scenario, the same for every system: 5 % of jobs every minute, 25 % hourly,
/// 70 % daily, each at its own second, so fires spread over the clock as a real fleet's do rather than all
/// landing on second 0 of a minute.
/// </summary>
internal static class ScaleMix
{
    /// <summary>Job <paramref name="index"/>'s schedule as (second, minute, hour) — null where the field is "every".</summary>
    public static ScaleSchedule Of(int index)
    {
        // A fixed spread so runs are reproducible and no clock position gets a pile-up: the index through a full
        // 64-bit mix (splitmix64's finaliser), since a plain multiplicative hash kept the every-minute jobs (every
        // twentieth index) on every fourth second.
        var h = Mix((ulong)index);
        var second = (int)(h % 60);
        var minute = (int)(h / 60 % 60);
        var hour = (int)(h / 3600 % 24);
        return (index % 20) switch
        {
            0 => new ScaleSchedule(ScaleKind.EveryMinute, second, null, null),
            < 6 => new ScaleSchedule(ScaleKind.Hourly, second, minute, null),
            _ => new ScaleSchedule(ScaleKind.Daily, second, minute, hour),
        };
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    /// <summary>Fires of jobs 0 … <paramref name="jobs"/>−1 whose instant lies in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static long FiresBetween(int jobs, DateTimeOffset from, DateTimeOffset to)
    {
        long fires = 0;
        for (var i = 0; i < jobs; i++)
        {
            var schedule = Of(i);
            for (var t = schedule.NextAtOrAfter(from); t < to; t = schedule.NextAtOrAfter(t.AddSeconds(1)))
            {
                fires++;
            }
        }

        return fires;
    }
}
