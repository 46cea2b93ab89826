using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

public sealed class ScheduleWindowTests
{
    [Fact]
    public void FirstAtOrAfter_StartAtBetweenSlots_MovesFirstFireToNextSlotAfterStart()
    {
        var schedule = Compile(new ScheduleSpec { Cron = "*/5 * * * *", StartAt = Utc.At("2026-01-05T10:02:00Z") });

        Assert.Equal(Utc.At("2026-01-05T10:05:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T09:00:00Z")));
        Assert.Equal(Utc.At("2026-01-05T10:05:00Z"), schedule.NextAfter(Utc.At("2026-01-05T09:00:00Z")));
    }

    [Fact]
    public void FirstAtOrAfter_StartAtExactlyOnSlot_IncludesThatSlot()
    {
        var schedule = Compile(new ScheduleSpec { Cron = "*/5 * * * *", StartAt = Utc.At("2026-01-05T10:05:00Z") });

        Assert.Equal(Utc.At("2026-01-05T10:05:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T09:00:00Z")));
        Assert.Equal(Utc.At("2026-01-05T10:05:00Z"), schedule.NextAfter(Utc.At("2026-01-05T10:04:59Z")));
    }

    [Fact]
    public void FirstAtOrAfter_AfterStartAt_IgnoresStart()
    {
        var schedule = Compile(new ScheduleSpec { Cron = "*/5 * * * *", StartAt = Utc.At("2026-01-05T10:02:00Z") });

        Assert.Equal(Utc.At("2026-01-06T00:00:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T23:56:00Z")));
    }

    [Fact]
    public void Upcoming_EndAt_StopsFiresAndEndIsInclusive()
    {
        var schedule = Compile(new ScheduleSpec { Cron = "*/5 * * * *", EndAt = Utc.At("2026-01-05T10:10:00Z") });

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:00:00Z"), 10);

        Assert.Equal(Instants("2026-01-05T10:00:00Z", "2026-01-05T10:05:00Z", "2026-01-05T10:10:00Z"), fires);
    }

    [Fact]
    public void NextAfter_PastEndAt_ReturnsNull()
    {
        var schedule = Compile(new ScheduleSpec { Cron = "*/5 * * * *", EndAt = Utc.At("2026-01-05T10:12:00Z") });

        Assert.Null(schedule.NextAfter(Utc.At("2026-01-05T10:10:00Z")));
        Assert.Null(schedule.NextAfter(Utc.At("2026-01-05T11:00:00Z")));
        Assert.Null(schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:10:00.001Z")));
    }

    [Fact]
    public void Upcoming_IntervalInsideWindow_FiresOnlyInsideIt()
    {
        var schedule = Compile(new ScheduleSpec
        {
            IntervalSeconds = 60,
            StartAt = Utc.At("2026-01-05T12:00:30Z"),
            EndAt = Utc.At("2026-01-05T12:03:00Z"),
        });

        var fires = schedule.Upcoming(Utc.At("2026-01-05T00:00:00Z"), 10);

        Assert.Equal(Instants("2026-01-05T12:00:30Z", "2026-01-05T12:01:30Z", "2026-01-05T12:02:30Z"), fires);
    }

    [Fact]
    public void FirstAtOrAfter_WindowWithoutAnySlot_ReturnsNull()
    {
        // Yearly on 1 January, in a window that lies within February: valid, but never fires.
        var schedule = Compile(new ScheduleSpec
        {
            Cron = "@yearly",
            StartAt = Utc.At("2026-02-01T00:00:00Z"),
            EndAt = Utc.At("2026-03-01T00:00:00Z"),
        });

        Assert.Null(schedule.FirstAtOrAfter(Utc.At("2026-01-05T00:00:00Z")));
    }

    [Fact]
    public void TryCompile_EndAtBeforeStartAt_ReportsErrorKeyedEndAt()
    {
        Assert.Equal(
            [new FieldError("endAt", "must be later than startAt")],
            Errors(new ScheduleSpec { Cron = "* * * * *", StartAt = Utc.At("2026-01-05T10:00:00Z"), EndAt = Utc.At("2026-01-05T09:00:00Z") }));
    }

    [Fact]
    public void TryCompile_EndAtEqualToStartAt_ReportsErrorKeyedEndAt()
    {
        Assert.Equal(
            ["endAt"],
            ErrorFields(new ScheduleSpec { IntervalSeconds = 10, StartAt = Utc.At("2026-01-05T10:00:00Z"), EndAt = Utc.At("2026-01-05T10:00:00Z") }));
    }

    [Fact]
    public void TryCompile_EndAtBeforeStartAtWithBadCron_ReportsBoth()
    {
        Assert.Equal(
            ["endAt", "cron"],
            ErrorFields(new ScheduleSpec { Cron = "abc", StartAt = Utc.At("2026-01-05T10:00:00Z"), EndAt = Utc.At("2026-01-05T09:00:00Z") }));
    }

    [Fact]
    public void TryCompile_OnlyEndAtOrOnlyStartAt_Compiles()
    {
        Compile(new ScheduleSpec { Cron = "* * * * *", EndAt = Utc.At("2026-01-05T09:00:00Z") });
        Compile(new ScheduleSpec { Cron = "* * * * *", StartAt = Utc.At("2026-01-05T09:00:00Z") });
    }
}
