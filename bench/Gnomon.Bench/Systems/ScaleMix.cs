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
        // A fixed spread (multiplicative hashing) so runs are reproducible and no clock position gets a pile-up.
        var h = (uint)index * 2654435761u;
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
