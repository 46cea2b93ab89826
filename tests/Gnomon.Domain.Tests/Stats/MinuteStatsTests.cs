using Gnomon.Domain.Stats;

namespace Gnomon.Domain.Tests.Stats;

public sealed class MinuteStatsTests
{
    [Fact]
    public void MinuteOf_AnInstantWithAnOffset_IsTheStartOfItsMinuteInUtc()
    {
        var at = new DateTimeOffset(2026, 12, 4, 2, 7, 59, 999, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 12, 4, 1, 7, 0, TimeSpan.Zero), MinuteStats.MinuteOf(at));
    }

    [Fact]
    public void Add_TwoNodesMinutes_SumsCountsAndLagAndKeepsTheLargerBacklog()
    {
        var minute = new DateTimeOffset(2026, 12, 4, 1, 7, 0, TimeSpan.Zero);
        var a = new MinuteStats(minute) { Succeeded = 3, Failed = 1, Retrying = 2, Backlog = 40 };
        a.Lag[0] = 5;
        var b = new MinuteStats(minute) { Succeeded = 4, TimedOut = 1, Cancelled = 1, Skipped = 7, Backlog = 10 };
        b.Lag[0] = 1;
        b.Lag[3] = 2;

        a.Add(b);

        Assert.Equal((7L, 1L, 1L, 1L, 2L, 7L, 40), (a.Succeeded, a.Failed, a.TimedOut, a.Cancelled, a.Retrying, a.Skipped, a.Backlog));
        Assert.Equal(12, a.Ended);
        Assert.Equal([6L, 0, 0, 2], a.Lag.Take(4));
    }

    [Fact]
    public void Add_NoBacklogOnEitherSide_StaysUnmeasured()
    {
        var minute = new DateTimeOffset(2026, 12, 4, 1, 7, 0, TimeSpan.Zero);
        var a = new MinuteStats(minute);

        a.Add(new MinuteStats(minute) { Succeeded = 1 });

        Assert.Null(a.Backlog);
    }
}
