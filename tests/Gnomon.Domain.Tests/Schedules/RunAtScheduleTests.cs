using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

public sealed class RunAtScheduleTests
{
    private static readonly DateTimeOffset RunAt = Utc.At("2026-11-23T10:00:00Z");

    [Fact]
    public void Upcoming_RunAt_FiresOnce()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = RunAt });

        Assert.Equal([RunAt], schedule.Upcoming(Utc.At("2026-01-05T10:00:00Z"), 5));
    }

    [Fact]
    public void FirstAtOrAfter_ExactlyAtRunAt_IsInclusive()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = RunAt });

        Assert.Equal(RunAt, schedule.FirstAtOrAfter(RunAt));
    }

    [Fact]
    public void NextAfter_RunAt_ReturnsNull()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = RunAt });

        Assert.Equal(RunAt, schedule.NextAfter(RunAt.AddMilliseconds(-1)));
        Assert.Null(schedule.NextAfter(RunAt));
        Assert.Null(schedule.FirstAtOrAfter(RunAt.AddMilliseconds(1)));
    }

    [Fact]
    public void TryCompile_RunAtBeforeStartAt_ReportsErrorKeyedRunAt()
    {
        Assert.Equal(
            [new FieldError("runAt", "lies outside the startAt/endAt window, so the job would never fire")],
            Errors(new ScheduleSpec { RunAt = RunAt, StartAt = RunAt.AddSeconds(1) }));
    }

    [Fact]
    public void TryCompile_RunAtAfterEndAt_ReportsErrorKeyedRunAt()
    {
        Assert.Equal(["runAt"], ErrorFields(new ScheduleSpec { RunAt = RunAt, EndAt = RunAt.AddMilliseconds(-1) }));
    }

    [Fact]
    public void TryCompile_RunAtOnWindowEdges_Compiles()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = RunAt, StartAt = RunAt, EndAt = RunAt.AddDays(1) });
        var atEnd = Compile(new ScheduleSpec { RunAt = RunAt, StartAt = RunAt.AddDays(-1), EndAt = RunAt });

        Assert.Equal(RunAt, schedule.FirstAtOrAfter(RunAt.AddDays(-7)));
        Assert.Equal(RunAt, atEnd.FirstAtOrAfter(RunAt.AddDays(-7)));
    }

    [Fact]
    public void TryCompile_RunAtInThePast_CompilesAndStillFiresOnce()
    {
        // A run-at in the past is accepted; the planner's misfire policy decides whether it still runs.
        var schedule = Compile(new ScheduleSpec { RunAt = Utc.At("2020-01-01T00:00:00Z") });

        Assert.Equal(Utc.At("2020-01-01T00:00:00Z"), schedule.FirstAtOrAfter(DateTimeOffset.MinValue));
    }
}
