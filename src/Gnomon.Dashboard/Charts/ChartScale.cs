using System.Globalization;

namespace Gnomon.Dashboard.Charts;

/// <summary>The arithmetic of the overview's small SVG charts: a fixed drawing area, axes that end on round numbers.</summary>
public static class ChartScale
{
    /// <summary>The drawing area's width in SVG units; one minute is a column of <see cref="Width"/> / minutes.</summary>
    public const double Width = 600;

    /// <summary>The drawing area's height in SVG units.</summary>
    public const double Height = 120;

    /// <summary>The smallest of 1, 2 or 5 times a power of ten that is at least <paramref name="max"/> (1 for nothing).</summary>
    public static double NiceCeiling(double max)
    {
        if (max <= 0 || double.IsNaN(max))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1d, 2d, 5d, 10d })
        {
            if (step * power >= max * (1 - 1e-9))
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    /// <summary>Where <paramref name="value"/> of a linear axis from 0 to <paramref name="top"/> is drawn (SVG y grows down).</summary>
    public static double LinearY(double value, double top) => Height - (Math.Clamp(value / top, 0, 1) * Height);

    /// <summary>
    /// Where <paramref name="ms"/> is drawn on a log axis from 1 ms to <paramref name="topMs"/>: lag spans milliseconds to
    /// minutes, and a linear axis would flatten every normal minute against the bottom.
    /// </summary>
    public static double LogY(double ms, double topMs)
    {
        var span = Math.Log10(Math.Max(topMs, 10));
        return Height - (Math.Clamp(Math.Log10(Math.Max(ms, 1)) / span, 0, 1) * Height);
    }

    /// <summary>An SVG number: invariant, two decimals at most.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>A rate per second for a label: 0.0033/s (two significant digits below one, so a slow job is not "0/s"), 2.5/s, 1,200/s.</summary>
    public static string Rate(double perSecond) => perSecond switch
    {
        <= 0 => "0/s",
        < 1 => Math.Round(perSecond, 1 - (int)Math.Floor(Math.Log10(perSecond))).ToString("0.##########", CultureInfo.InvariantCulture) + "/s",
        < 10 => perSecond.ToString("0.##", CultureInfo.InvariantCulture) + "/s",
        _ => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s",
    };

    /// <summary>A lag for a label: 5 ms, 2 s, 5 min, 1 h.</summary>
    public static string Duration(double ms) => ms switch
    {
        < 1_000 => $"{ms.ToString("0.##", CultureInfo.InvariantCulture)} ms",
        < 60_000 => $"{(ms / 1_000).ToString("0.##", CultureInfo.InvariantCulture)} s",
        < 3_600_000 => $"{(ms / 60_000).ToString("0.##", CultureInfo.InvariantCulture)} min",
        _ => $"{(ms / 3_600_000).ToString("0.##", CultureInfo.InvariantCulture)} h",
    };
}
