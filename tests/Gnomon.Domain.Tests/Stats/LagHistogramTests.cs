using Gnomon.Domain.Stats;

namespace Gnomon.Domain.Tests.Stats;

public sealed class LagHistogramTests
{
    [Theory]
    [InlineData(-250, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(1.5, 1)]
    [InlineData(20, 4)]
    [InlineData(20.01, 5)]
    [InlineData(3_600_000, 16)]
    [InlineData(3_600_001, 17)]
    public void BucketOf_Lag_IsTheFirstBucketWhoseBoundHoldsIt(double ms, int bucket)
    {
        Assert.Equal(bucket, LagHistogram.BucketOf(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void Percentile_NothingCounted_IsNull()
    {
        Assert.Null(LagHistogram.Percentile(new long[LagHistogram.BucketCount], 0.99));
    }

    [Fact]
    public void Percentile_HundredSamples_ReadsTheBoundOfTheBucketHoldingTheRank()
    {
        var counts = new long[LagHistogram.BucketCount];
        counts[LagHistogram.BucketOf(TimeSpan.FromMilliseconds(3))] = 90;   // ≤ 5 ms
        counts[LagHistogram.BucketOf(TimeSpan.FromMilliseconds(40))] = 9;   // ≤ 50 ms
        counts[LagHistogram.BucketOf(TimeSpan.FromSeconds(3))] = 1;         // ≤ 5 s

        Assert.Equal(5, LagHistogram.Percentile(counts, 0.5));
        Assert.Equal(5, LagHistogram.Percentile(counts, 0.9));
        Assert.Equal(50, LagHistogram.Percentile(counts, 0.95));
        Assert.Equal(50, LagHistogram.Percentile(counts, 0.99));
        Assert.Equal(5_000, LagHistogram.Percentile(counts, 1));
    }

    [Fact]
    public void Percentile_AboveTheLastBound_ReadsAsTheLastBound()
    {
        var counts = new long[LagHistogram.BucketCount];
        counts[^1] = 3;

        Assert.Equal(LagHistogram.UpperBoundsMs[^1], LagHistogram.Percentile(counts, 0.5));
    }

    [Fact]
    public void Percentile_QuantileOutsideZeroToOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LagHistogram.Percentile(new long[LagHistogram.BucketCount], 1.5));
    }
}
