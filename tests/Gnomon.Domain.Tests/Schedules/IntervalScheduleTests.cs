using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using Microsoft.Extensions.Time.Testing;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

public sealed class IntervalScheduleTests
{
    private static readonly DateTimeOffset Created = Utc.At("2026-01-05T10:00:00Z");

    private static Schedule Every(int seconds, DateTimeOffset? startAt = null, DateTimeOffset? endAt = null) =>
        Compile(new ScheduleSpec { IntervalSeconds = seconds, StartAt = startAt, EndAt = endAt }, Created);

    [Fact]
    public void FirstAtOrAfter_ExactlyOnSlot_IsInclusive()
    {
        var schedule = Every(30);

        Assert.Equal(Utc.At("2026-01-05T10:00:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:00Z")));
        Assert.Equal(Utc.At("2026-01-05T10:01:30Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:01:30Z")));
    }

    [Fact]
    public void NextAfter_ExactlyOnSlot_IsExclusive()
    {
        var schedule = Every(30);

        Assert.Equal(Utc.At("2026-01-05T10:00:30Z"), schedule.NextAfter(Utc.At("2026-01-05T10:00:00Z")));
        Assert.Equal(Utc.At("2026-01-05T10:02:00Z"), schedule.NextAfter(Utc.At("2026-01-05T10:01:30Z")));
    }

    [Fact]
    public void FirstAtOrAfter_BetweenSlots_ReturnsNextAnchoredSlot()
    {
        var schedule = Every(30);

        Assert.Equal(Utc.At("2026-01-05T10:01:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T10:00:45Z")));
        Assert.Equal(Utc.At("2026-01-05T10:00:30Z"), schedule.NextAfter(Utc.At("2026-01-05T10:00:00.001Z")));
    }

    [Fact]
    public void FirstAtOrAfter_BeforeAnchor_ReturnsAnchor()
    {
        var schedule = Every(30);

        Assert.Equal(Created, schedule.FirstAtOrAfter(Utc.At("2025-12-31T00:00:00Z")));
        Assert.Equal(Created, schedule.NextAfter(Utc.At("2026-01-05T09:59:59.999Z")));
    }

    [Fact]
    public void Upcoming_FixedRate_IsAnchorPlusMultiplesOfInterval()
    {
        var schedule = Every(30);

        var fires = schedule.Upcoming(Utc.At("2026-01-05T10:07:10Z"), 3);

        Assert.Equal(Instants("2026-01-05T10:07:30Z", "2026-01-05T10:08:00Z", "2026-01-05T10:08:30Z"), fires);
    }

    [Fact]
    public void FirstAtOrAfter_LongAfterAnchor_DoesNotDrift()
    {
        // 7-second slots: 2026-01-05T10:00:00Z + 4,505,143 × 7 s = 2027-01-05T10:00:01Z (365 days = 31,536,000 s; 31,536,001 = 7 × 4,505,143).
        var schedule = Every(7);

        Assert.Equal(Utc.At("2027-01-05T10:00:01Z"), schedule.FirstAtOrAfter(Utc.At("2027-01-05T09:59:55Z")));
        Assert.Equal(Utc.At("2027-01-05T10:00:08Z"), schedule.NextAfter(Utc.At("2027-01-05T10:00:01Z")));
    }

    [Fact]
    public void FirstAtOrAfter_AnchorIsCreationFromClock_CountsFromCreation()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00.250Z"));
        var schedule = Compile(new ScheduleSpec { IntervalSeconds = 10 }, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromSeconds(25));

        Assert.Equal(Utc.At("2026-01-05T10:00:30.250Z"), schedule.FirstAtOrAfter(clock.GetUtcNow()));
    }

    [Fact]
    public void Compile_AnchorWithSubMillisecondTicks_IsTruncatedToMilliseconds()
    {
        var anchor = Utc.At("2026-01-05T10:00:00.123Z").AddTicks(4567);

        var schedule = Assert.IsType<IntervalSchedule>(Compile(new ScheduleSpec { IntervalSeconds = 10 }, anchor));

        Assert.Equal(Utc.At("2026-01-05T10:00:00.123Z"), schedule.Anchor);
        Assert.Equal(Utc.At("2026-01-05T10:00:10.123Z"), schedule.NextAfter(schedule.Anchor));
    }

    [Fact]
    public void FirstAtOrAfter_StartAtGiven_AnchorsAtStartNotCreation()
    {
        var schedule = Every(30, startAt: Utc.At("2026-01-05T10:00:07Z"));

        Assert.Equal(Utc.At("2026-01-05T10:00:07Z"), schedule.FirstAtOrAfter(Created));
        Assert.Equal(Instants("2026-01-05T10:00:07Z", "2026-01-05T10:00:37Z", "2026-01-05T10:01:07Z"), schedule.Upcoming(Created, 3));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(ScheduleCompiler.MaxIntervalSeconds + 1)]
    [InlineData(int.MaxValue)]
    public void TryCompile_IntervalOutOfRange_ReportsErrorKeyedIntervalSeconds(int seconds)
    {
        Assert.Equal(
            [new FieldError("intervalSeconds", "must be between 1 and 31622400")],
            Errors(new ScheduleSpec { IntervalSeconds = seconds }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ScheduleCompiler.MaxIntervalSeconds)]
    public void TryCompile_IntervalAtBounds_Compiles(int seconds)
    {
        var schedule = Assert.IsType<IntervalSchedule>(Compile(new ScheduleSpec { IntervalSeconds = seconds }, Created));

        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.Interval);
        Assert.Equal(Created + TimeSpan.FromSeconds(seconds), schedule.NextAfter(Created));
    }

    [Fact]
    public void Constructor_IntervalBelowOneSecond_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.FromMilliseconds(999), Created, null, null));
    }
}
