using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

public sealed class ScheduleCompilerTests
{
    [Theory]
    [InlineData("* * *")]
    [InlineData("61 * * * * *")]
    [InlineData("* 60 * * * *")]
    [InlineData("0 0 24 * * *")]
    [InlineData("abc")]
    [InlineData("a b c d e")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("* * * * * * *")]
    [InlineData("@fortnightly")]
    [InlineData("@hourly *")]
    public void TryCompile_InvalidCron_ReportsOneErrorKeyedCron(string cron)
    {
        var errors = Errors(new ScheduleSpec { Cron = cron });

        var error = Assert.Single(errors);
        Assert.Equal("cron", error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void TryCompile_UnsetDotNetDates_ReportsEachFieldOutsideTheRange()
    {
        var errors = Errors(new ScheduleSpec { RunAt = DateTimeOffset.MinValue, StartAt = DateTimeOffset.MinValue, EndAt = DateTimeOffset.MaxValue });

        Assert.Equal(["endAt", "runAt", "startAt"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains("2000-01-01", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void TryCompile_EmptyCron_SaysItMustNotBeEmpty()
    {
        Assert.Equal([new FieldError("cron", "must not be empty")], Errors(new ScheduleSpec { Cron = "" }));
    }

    [Fact]
    public void TryCompile_SevenFieldCron_SaysHowManyFieldsAreExpected()
    {
        var error = Assert.Single(Errors(new ScheduleSpec { Cron = "* * * * * * *" }));

        Assert.Equal(
            new FieldError("cron", "has 7 fields; expected 5 (minute hour day month weekday) or 6 (second first), or a macro such as @hourly"),
            error);
    }

    [Fact]
    public void TryCompile_CronLongerThan200Characters_ReportsErrorKeyedCron()
    {
        var cron = "0 0 * * " + string.Join(',', Enumerable.Repeat("1", 100));

        Assert.Equal([new FieldError("cron", "must be at most 200 characters")], Errors(new ScheduleSpec { Cron = cron }));
    }

    [Theory]
    [InlineData("*/2 * * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 9 * * MON-FRI")]
    [InlineData("@hourly")]
    [InlineData("@daily")]
    [InlineData("@midnight")]
    [InlineData("@weekly")]
    [InlineData("@monthly")]
    [InlineData("@yearly")]
    [InlineData("@every_second")]
    [InlineData("@every_minute")]
    public void TryCompile_ValidCron_ReturnsCronSchedule(string cron)
    {
        Assert.IsType<CronSchedule>(Compile(new ScheduleSpec { Cron = cron }));
    }

    [Fact]
    public void TryCompile_UnknownTimeZone_ReportsErrorKeyedTimeZone()
    {
        var errors = Errors(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = "Mars/Base" });

        Assert.Equal(
            [new FieldError("timeZone", "'Mars/Base' is not a known IANA time zone (for example 'UTC' or 'Europe/Berlin')")],
            errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Europe/Atlantis")]
    [InlineData("../../etc/passwd")]
    public void TryCompile_InvalidTimeZone_ReportsErrorKeyedTimeZone(string zone)
    {
        Assert.Equal(["timeZone"], ErrorFields(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = zone }));
    }

    [Fact]
    public void TryCompile_OverlongTimeZone_TruncatesItInTheMessage()
    {
        var zone = new string('x', 300);

        var error = Assert.Single(Errors(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = zone }));

        Assert.Equal("timeZone", error.Field);
        Assert.Equal($"'{new string('x', 64)}…' is not a known IANA time zone (for example 'UTC' or 'Europe/Berlin')", error.Message);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    public void TryCompile_KnownIanaZone_UsesThatZone(string zone)
    {
        var schedule = Assert.IsType<CronSchedule>(Cron("0 9 * * *", zone));

        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById(zone).BaseUtcOffset, schedule.Zone.BaseUtcOffset);
    }

    [Fact]
    public void TryCompile_InvalidCronAndUnknownZone_ReportsBoth()
    {
        Assert.Equal(["timeZone", "cron"], ErrorFields(new ScheduleSpec { Cron = "abc", TimeZone = "Mars/Base" }));
    }

    [Fact]
    public void TryCompile_TimeZoneWithInterval_ReportsErrorKeyedTimeZone()
    {
        Assert.Equal(
            [new FieldError("timeZone", "applies to cron schedules only")],
            Errors(new ScheduleSpec { IntervalSeconds = 60, TimeZone = "Europe/Berlin" }));
    }

    [Fact]
    public void TryCompile_TimeZoneWithRunAt_ReportsErrorKeyedTimeZone()
    {
        Assert.Equal(["timeZone"], ErrorFields(new ScheduleSpec { RunAt = Utc.At("2026-11-23T10:00:00Z"), TimeZone = "UTC" }));
    }

    [Fact]
    public void TryCompile_NoScheduleKind_ReportsErrorOnScheduleItself()
    {
        Assert.Equal(
            [new FieldError("", "one of cron, intervalSeconds or runAt is required")],
            Errors(new ScheduleSpec { TimeZone = "UTC", StartAt = Utc.At("2026-01-05T10:00:00Z") }));
    }

    [Fact]
    public void TryCompile_TwoScheduleKinds_ReportsErrorOnScheduleItself()
    {
        Assert.Equal(
            [new FieldError("", "only one of cron, intervalSeconds or runAt may be given")],
            Errors(new ScheduleSpec { Cron = "* * * * *", IntervalSeconds = 60 }));
    }

    [Fact]
    public void TryCompile_ThreeScheduleKinds_ReportsErrorOnScheduleItself()
    {
        Assert.Equal([""], ErrorFields(new ScheduleSpec { Cron = "* * * * *", IntervalSeconds = 60, RunAt = Utc.At("2026-11-23T10:00:00Z") }));
    }

    [Fact]
    public void TryCompile_Errors_AreAppendedToExistingOnes()
    {
        var errors = new List<FieldError> { new("name", "earlier error") };

        var schedule = ScheduleCompiler.TryCompile(new ScheduleSpec { Cron = "abc" }, DefaultAnchor, errors);

        Assert.Null(schedule);
        Assert.Equal(["name", "cron"], errors.Select(e => e.Field));
    }

    [Fact]
    public void TryCompile_ValidSpecAfterEarlierErrors_StillCompiles()
    {
        var errors = new List<FieldError> { new("name", "earlier error") };

        var schedule = ScheduleCompiler.TryCompile(new ScheduleSpec { IntervalSeconds = 60 }, DefaultAnchor, errors);

        Assert.IsType<IntervalSchedule>(schedule);
        Assert.Single(errors);
    }

    [Fact]
    public void TruncateToMilliseconds_SubMillisecondTicks_DropsThemAndReturnsUtc()
    {
        var instant = new DateTimeOffset(2026, 1, 5, 11, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567);

        var truncated = ScheduleCompiler.TruncateToMilliseconds(instant);

        Assert.Equal(Utc.At("2026-01-05T10:00:00.123Z"), truncated);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
    }
}
