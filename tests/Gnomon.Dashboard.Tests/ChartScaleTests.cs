using Gnomon.Dashboard.Charts;

namespace Gnomon.Dashboard.Tests;

public sealed class ChartScaleTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.07, 0.1)]
    [InlineData(1, 1)]
    [InlineData(1.01, 2)]
    [InlineData(3, 5)]
    [InlineData(7.5, 10)]
    [InlineData(1234, 2000)]
    public void NiceCeiling_Max_IsTheNextOneTwoOrFiveTimesAPowerOfTen(double max, double ceiling)
    {
        Assert.Equal(ceiling, ChartScale.NiceCeiling(max), 9);
    }

    [Fact]
    public void LinearY_ValuesOfTheAxis_RunFromTheBottomToTheTopAndNoFurther()
    {
        Assert.Equal((ChartScale.Height, ChartScale.Height / 2, 0d, 0d), (ChartScale.LinearY(0, 10), ChartScale.LinearY(5, 10), ChartScale.LinearY(10, 10), ChartScale.LinearY(50, 10)));
    }

    [Fact]
    public void LogY_OneMillisecondAndTheTop_AreTheBottomAndTheTop()
    {
        Assert.Equal(ChartScale.Height, ChartScale.LogY(1, 1000));
        Assert.Equal(ChartScale.Height, ChartScale.LogY(0, 1000));
        Assert.Equal(ChartScale.Height / 3, ChartScale.LogY(100, 1000), 9);
        Assert.Equal(0, ChartScale.LogY(1000, 1000));
    }

    [Theory]
    [InlineData(5, "5 ms")]
    [InlineData(2_000, "2 s")]
    [InlineData(300_000, "5 min")]
    [InlineData(3_600_000, "1 h")]
    public void Duration_Bound_IsWrittenInItsUnit(double ms, string text)
    {
        Assert.Equal(text, ChartScale.Duration(ms));
    }

    [Theory]
    [InlineData(0, "0/s")]
    [InlineData(12 / 3600d, "0.0033/s")]
    [InlineData(0.25, "0.25/s")]
    [InlineData(2.5, "2.5/s")]
    [InlineData(1200, "1,200/s")]
    public void Rate_PerSecond_IsShortAndInvariant(double rate, string text)
    {
        Assert.Equal(text, ChartScale.Rate(rate));
    }
}
