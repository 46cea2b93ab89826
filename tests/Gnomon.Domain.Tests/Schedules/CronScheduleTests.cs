using Gnomon.Domain.Schedules;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

public sealed class CronScheduleTests
{
    [Fact]
    public void Upcoming_SixFieldsEveryTwoSeconds_GivesEveryEvenSecond()
    {
        var schedule = Cron("*/2 * * * * *");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:00:01Z"), 5);

        Assert.Equal(
            Instants("2026-01-05T10:00:02Z", "2026-01-05T10:00:04Z", "2026-01-05T10:00:06Z", "2026-01-05T10:00:08Z", "2026-01-05T10:00:10Z"),
            fires);
    }

    [Fact]
    public void Upcoming_SixFieldsAcrossMinuteBoundary_WrapsToSecondZero()
    {
        var schedule = Cron("*/2 * * * * *");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:00:57Z"), 3);

        Assert.Equal(Instants("2026-01-05T10:00:58Z", "2026-01-05T10:01:00Z", "2026-01-05T10:01:02Z"), fires);
    }

    [Fact]
    public void FirstAtOrAfter_ExactlyOnSlot_ReturnsThatSlot()
    {
        var schedule = Cron("*/2 * * * * *");

        Assert.Equal(Utc.At("2026-01-05T10:00:04Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:04Z")));
    }

    [Fact]
    public void NextAfter_ExactlyOnSlot_ReturnsFollowingSlot()
    {
        var schedule = Cron("*/2 * * * * *");

        Assert.Equal(Utc.At("2026-01-05T10:00:06Z"), schedule.NextAfter(Utc.At("2026-01-05T10:00:04Z")));
    }

    [Fact]
    public void FirstAtOrAfter_FractionalSecond_ReturnsNextWholeSecondNotEarlier()
    {
        var schedule = Cron("* * * * * *");

        Assert.Equal(Utc.At("2026-01-05T10:00:01Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:00.500Z")));
    }

    [Fact]
    public void NextAfter_FractionalSecond_ReturnsNextWholeSecond()
    {
        var schedule = Cron("* * * * * *");

        Assert.Equal(Utc.At("2026-01-05T10:00:01Z"), schedule.NextAfter(Utc.At("2026-01-05T10:00:00.001Z")));
    }

    [Fact]
    public void Upcoming_FiveFieldsEveryFiveMinutes_GivesMinutesAtSecondZero()
    {
        var schedule = Cron("*/5 * * * *");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:01:30Z"), 3);

        Assert.Equal(Instants("2026-01-05T10:05:00Z", "2026-01-05T10:10:00Z", "2026-01-05T10:15:00Z"), fires);
    }

    [Fact]
    public void Upcoming_FiveFieldsWeekdaysAtNine_SkipsWeekend()
    {
        // 2026-01-09 is a Friday.
        var schedule = Cron("0 9 * * 1-5");

        var fires = schedule.Upcoming(Utc.At("2026-01-09T09:00:00.001Z"), 2);

        Assert.Equal(Instants("2026-01-12T09:00:00Z", "2026-01-13T09:00:00Z"), fires);
    }

    [Fact]
    public void Upcoming_HourlyMacro_GivesTopOfEachHour()
    {
        var schedule = Cron("@hourly");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:20:00Z"), 3);

        Assert.Equal(Instants("2026-01-05T11:00:00Z", "2026-01-05T12:00:00Z", "2026-01-05T13:00:00Z"), fires);
    }

    [Fact]
    public void Upcoming_DailyMacro_GivesMidnightUtc()
    {
        var schedule = Cron("@daily");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:20:00Z"), 2);

        Assert.Equal(Instants("2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z"), fires);
    }

    [Fact]
    public void Upcoming_EverySecondMacro_GivesEverySecond()
    {
        // Cronos 0.13 supports @every_second (and @every_minute) besides the classic macros.
        var schedule = Cron("@every_second");

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:00:00.250Z"), 3);

        Assert.Equal(Instants("2026-01-05T10:00:01Z", "2026-01-05T10:00:02Z", "2026-01-05T10:00:03Z"), fires);
    }

    [Fact]
    public void Upcoming_MacroWithSurroundingWhitespace_IsAccepted()
    {
        var schedule = Cron("  @hourly ");

        Assert.Equal(Utc.At("2026-01-05T11:00:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:01Z")));
    }

    [Fact]
    public void FirstAtOrAfter_NeverFiringExpression_ReturnsNull()
    {
        // February never has a 30th: the expression is valid cron syntax, so it compiles, but it has no fires.
        var schedule = Cron("0 0 30 2 *");

        Assert.Null(schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:00Z")));
        Assert.Null(schedule.NextAfter(Utc.At("2026-01-05T10:00:00Z")));
        Assert.Empty(schedule.Upcoming(Utc.At("2026-01-05T10:00:00Z"), 5));
    }

    [Fact]
    public void Upcoming_CountLargerThanWanted_ReturnsExactlyCount()
    {
        var schedule = Cron("* * * * * *");

        Assert.Equal(100, schedule.Upcoming(Utc.At("2026-01-05T10:00:00Z"), 100).Count);
        Assert.Empty(schedule.Upcoming(Utc.At("2026-01-05T10:00:00Z"), 0));
    }

    [Fact]
    public void Compile_CronWithoutTimeZone_UsesUtc()
    {
        var schedule = Assert.IsType<CronSchedule>(Cron("0 9 * * *"));

        Assert.Same(TimeZoneInfo.Utc, schedule.Zone);
    }
}
