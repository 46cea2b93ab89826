using Gnomon.Api.Contracts;
using Gnomon.Api.Validation;

namespace Gnomon.Api.Tests.Validation;

public sealed class SchedulePreviewValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_DefaultCount_ReturnsTenFires()
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Schedule = new ScheduleInput { Cron = "0 * * * *" } }, Now);

        Assert.True(result.IsValid);
        Assert.Equal(10, result.Fires.Count);
        Assert.Equal(Now, result.Fires[0]);
        Assert.Equal(Now.AddHours(9), result.Fires[9]);
    }

    [Fact]
    public void Validate_IntervalWithoutStart_AnchorsAtNow()
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Schedule = new ScheduleInput { IntervalSeconds = 30 }, Count = 3 }, Now);

        Assert.Equal([Now, Now.AddSeconds(30), Now.AddSeconds(60)], result.Fires);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_CountOutOfRange_ReportsCount(int count)
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Schedule = new ScheduleInput { Cron = "0 * * * *" }, Count = count }, Now);

        Assert.Equal(["count"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_MissingScheduleAndBadCount_ReportsBoth()
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Count = 0 }, Now);

        Assert.Equal(["count", "schedule"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_BadCron_ReportsScheduleCron()
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Schedule = new ScheduleInput { Cron = "nope" } }, Now);

        Assert.Equal(["schedule.cron"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_RunAtInWindow_ReturnsOneFire()
    {
        var result = SchedulePreviewValidator.Validate(new SchedulePreviewInput { Schedule = new ScheduleInput { RunAt = Now.AddHours(1) } }, Now);

        Assert.Equal([Now.AddHours(1)], result.Fires);
    }
}
