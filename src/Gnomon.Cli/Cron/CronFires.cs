using System.Globalization;

namespace Gnomon.Cli.Cron;

/// <summary>Fires shown in their zone, each marked where the zone's UTC offset differs from the fire before it.</summary>
internal static class CronFires
{
    public static IReadOnlyList<CronFire> InZone(IReadOnlyList<DateTimeOffset> fires, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var result = new List<CronFire>(fires.Count);
        TimeSpan? previous = null;
        foreach (var fire in fires)
        {
            var local = TimeZoneInfo.ConvertTime(fire, zone);
            string? note = null;
            if (previous is { } before && before != local.Offset)
            {
                var direction = local.Offset > before ? "clocks forward" : "clocks back";
                note = string.Create(CultureInfo.InvariantCulture, $"DST: {direction}, {Offset(before)} → {Offset(local.Offset)}");
            }

            result.Add(new CronFire(fire, local.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture), note));
            previous = local.Offset;
        }

        return result;
    }

    private static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
