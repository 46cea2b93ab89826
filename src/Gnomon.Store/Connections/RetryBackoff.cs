namespace Gnomon.Store.Connections;

/// <summary>How long to wait before the next try after consecutive failures: doubling from a first delay, capped.</summary>
public static class RetryBackoff
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row (1 gives <paramref name="first"/>), at most <paramref name="max"/>.</summary>
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        var doublings = Math.Min(failures - 1, 30);
        var ticks = first.Ticks * (double)(1L << doublings);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
