using Gnomon.Domain.Retries;

namespace Gnomon.Domain.Tests.Retries;

public sealed class RetryPolicyTests
{
    /// <summary>The largest sample below 1, the most upward jitter an injected uniform source can give.</summary>
    private static readonly double MaxSample = Math.BitDecrement(1.0);

    private static readonly RetryPolicy Policy = new(MaxAttempts: 10, Backoff: TimeSpan.FromSeconds(5), Multiplier: 2.0, MaxBackoff: TimeSpan.FromSeconds(60));

    [Fact]
    public void DelayBefore_FirstRetryWithoutJitter_IsBackoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Policy.DelayBefore(2, 0.5));
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 10)]
    [InlineData(4, 20)]
    [InlineData(5, 40)]
    public void DelayBefore_LaterAttempts_GrowsByMultiplier(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Policy.DelayBefore(attempt, 0.5));
    }

    [Fact]
    public void DelayBefore_FractionalMultiplier_GrowsByIt()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(4), 1.5, TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromSeconds(4), policy.DelayBefore(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(6), policy.DelayBefore(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(9), policy.DelayBefore(4, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(13.5), policy.DelayBefore(5, 0.5));
    }

    [Fact]
    public void DelayBefore_MultiplierOne_IsConstant()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(3), 1.0, TimeSpan.FromMinutes(10));

        Assert.All(Enumerable.Range(2, 20), attempt => Assert.Equal(TimeSpan.FromSeconds(3), policy.DelayBefore(attempt, 0.5)));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(5000)] // 2^4998 overflows to infinity: still the cap.
    [InlineData(int.MaxValue)]
    public void DelayBefore_GrowthBeyondCap_IsMaxBackoff(int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Policy.DelayBefore(attempt, 0.5));
    }

    [Fact]
    public void DelayBefore_CappedWithMaxUpwardJitter_NeverExceedsMaxBackoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Policy.DelayBefore(6, MaxSample));
        Assert.Equal(TimeSpan.FromSeconds(48), Policy.DelayBefore(5, MaxSample)); // 40 s × 1.2 = 48 s, under the cap.
    }

    [Fact]
    public void DelayBefore_AnyAttemptAndSample_NeverExceedsMaxBackoff()
    {
        double[] samples = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, MaxSample];

        foreach (var attempt in Enumerable.Range(2, 40))
        {
            foreach (var sample in samples)
            {
                Assert.InRange(Policy.DelayBefore(attempt, sample), TimeSpan.Zero, Policy.MaxBackoff);
            }
        }
    }

    [Fact]
    public void DelayBefore_CappedWithMaxDownwardJitter_IsEightyPercentOfCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(48), Policy.DelayBefore(6, 0.0));
    }

    [Theory]
    [InlineData(0.0, 4000)]
    [InlineData(0.25, 4500)]
    [InlineData(0.5, 5000)]
    [InlineData(0.75, 5500)]
    public void DelayBefore_JitterSample_SpreadsLinearlyByTwentyPercent(double sample, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Policy.DelayBefore(2, sample));
    }

    [Fact]
    public void DelayBefore_MaxSample_IsTwentyPercentAboveAndRoundedToMilliseconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(6), Policy.DelayBefore(2, MaxSample));
    }

    [Fact]
    public void DelayBefore_AnySample_StaysWithinTwentyPercent()
    {
        for (var i = 0; i < 1000; i++)
        {
            var delay = Policy.DelayBefore(3, i / 1000.0);

            Assert.InRange(delay, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        }
    }

    [Fact]
    public void DelayBefore_HigherSample_NeverGivesShorterDelay()
    {
        var previous = TimeSpan.Zero;
        for (var i = 0; i < 1000; i++)
        {
            var delay = Policy.DelayBefore(4, i / 1000.0);

            Assert.True(delay >= previous, $"sample {i / 1000.0} gave {delay}, less than {previous}");
            previous = delay;
        }
    }

    [Fact]
    public void DelayBefore_FractionalMilliseconds_RoundsToWholeMilliseconds()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromMilliseconds(333), 1.0, TimeSpan.FromSeconds(1));

        // 333 ms × (1 + 0.2 × (2 × 0.3 − 1)) = 333 × 0.92 = 306.36 ms → 306 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(306), policy.DelayBefore(2, 0.3));
    }

    [Fact]
    public void JitterRatio_IsTwentyPercent()
    {
        Assert.Equal(0.2, RetryPolicy.JitterRatio);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void HasAttemptAfter_ThreeAttempts_AllowsRetryAfterFirstTwoOnly(int attempt, bool expected)
    {
        var policy = Policy with { MaxAttempts = 3 };

        Assert.Equal(expected, policy.HasAttemptAfter(attempt));
    }

    [Fact]
    public void HasAttemptAfter_DefaultPolicy_NeverRetries()
    {
        Assert.False(RetryPolicy.Default.HasAttemptAfter(1));
    }

    [Fact]
    public void Default_MatchesApiDefaults()
    {
        Assert.Equal(new RetryPolicy(1, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromSeconds(600)), RetryPolicy.Default);
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Default.DelayBefore(2, 0.5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void DelayBefore_AttemptBelowTwo_Throws(int attempt)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayBefore(attempt, 0.5));

        Assert.Equal("nextAttempt", ex.ParamName);
    }

    [Theory]
    [InlineData(-0.0001)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void DelayBefore_SampleOutsideUnitInterval_Throws(double sample)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayBefore(2, sample));

        Assert.Equal("jitterSample", ex.ParamName);
    }

    [Fact]
    public void DelayBefore_NaNSample_Throws()
    {
        // double.CompareTo orders NaN below every number, so the lower-bound check rejects it.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayBefore(2, double.NaN));

        Assert.Equal("jitterSample", ex.ParamName);
    }
}
