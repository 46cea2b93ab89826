namespace Gnomon.Domain.Stats;

/// <summary>
/// Fire lag counted in fixed buckets, so the counts of many nodes and minutes add up and percentiles can be read from
/// the sum: a percentile is the upper bound of the bucket it falls in (the figure is never better than the truth).
/// </summary>
public static class LagHistogram
{
    /// <summary>The buckets' upper bounds in milliseconds; a last bucket holds everything slower.</summary>
    public static IReadOnlyList<double> UpperBoundsMs { get; } =
        [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 3_600_000];

    /// <summary>How many buckets a histogram has: one per bound and one above the last.</summary>
    public static int BucketCount => UpperBoundsMs.Count + 1;

    /// <summary>The bucket a lag falls in; an attempt that started early (a negative lag) counts as on time.</summary>
    public static int BucketOf(TimeSpan lag)
    {
        var ms = lag.TotalMilliseconds;
        for (var i = 0; i < UpperBoundsMs.Count; i++)
        {
            if (ms <= UpperBoundsMs[i])
            {
                return i;
            }
        }

        return UpperBoundsMs.Count;
    }

    /// <summary>
    /// The upper bound in milliseconds of the bucket holding the <paramref name="quantile"/> of <paramref name="counts"/>;
    /// null when nothing was counted. A lag above the last bound (an hour) reads as that bound.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegative(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        // The rank of the sample the quantile names, counted from 1: the 99th percentile of 100 samples is the 99th.
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBoundsMs[Math.Min(i, UpperBoundsMs.Count - 1)];
            }
        }

        return UpperBoundsMs[^1];
    }
}
