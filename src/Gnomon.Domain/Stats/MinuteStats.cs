namespace Gnomon.Domain.Stats;

/// <summary>What was counted in one minute, by one node or (added up) by all of them.</summary>
public sealed class MinuteStats(DateTimeOffset minute)
{
    /// <summary>The minute's start, in UTC.</summary>
    public DateTimeOffset Minute { get; } = minute;

    /// <summary>Attempts that succeeded.</summary>
    public long Succeeded { get; set; }

    /// <summary>Attempts that failed with no attempt left.</summary>
    public long Failed { get; set; }

    /// <summary>Attempts that timed out with no attempt left.</summary>
    public long TimedOut { get; set; }

    /// <summary>Attempts cancelled (by the API, a deleted job, or a lost lease).</summary>
    public long Cancelled { get; set; }

    /// <summary>Attempts that failed or timed out and will be tried again.</summary>
    public long Retrying { get; set; }

    /// <summary>Slots written as skipped misfires.</summary>
    public long Skipped { get; set; }

    /// <summary>Fire lags (first attempts' starts minus their due instants) in <see cref="LagHistogram"/>'s buckets.</summary>
    public long[] Lag { get; } = new long[LagHistogram.BucketCount];

    /// <summary>The largest backlog a master measured in the minute; null when none did.</summary>
    public int? Backlog { get; set; }

    /// <summary>Attempts that ended, whatever their outcome.</summary>
    public long Ended => Succeeded + Failed + TimedOut + Cancelled + Retrying;

    /// <summary>The start minute of the minute holding <paramref name="instant"/>.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    /// <summary>Adds <paramref name="other"/>'s counts to this minute's (backlogs: the larger).</summary>
    public void Add(MinuteStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Succeeded += other.Succeeded;
        Failed += other.Failed;
        TimedOut += other.TimedOut;
        Cancelled += other.Cancelled;
        Retrying += other.Retrying;
        Skipped += other.Skipped;
        AddLag(other.Lag);
        if (other.Backlog is { } backlog)
        {
            Backlog = Math.Max(Backlog ?? 0, backlog);
        }
    }

    /// <summary>Adds bucket counts to <see cref="Lag"/>; a shorter array (an older layout) adds to the first buckets.</summary>
    public void AddLag(IReadOnlyList<long> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        for (var i = 0; i < Math.Min(buckets.Count, Lag.Length); i++)
        {
            Lag[i] += buckets[i];
        }
    }
}
