using Gnomon.Domain.Jobs;
using Gnomon.Domain.Planning;
using Gnomon.Domain.Schedules;
using Microsoft.Extensions.Time.Testing;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Planning;

public sealed class FirePlannerTests
{
    private const string RunOnceReason = "misfire: missed while no scheduler was running; misfirePolicy runOnce runs only the latest missed slot";
    private const string SkipReason = "misfire: missed while no scheduler was running; misfirePolicy skip";

    private static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(5);
    private static readonly MisfireOptions Options = new(TimeSpan.FromSeconds(5));

    /// <summary>Every 10 seconds on the minute's tens, in UTC.</summary>
    private static readonly Schedule EveryTenSeconds = Cron("*/10 * * * * *");

    private static PlannedFire Run(string at) => new(Utc.At(at), Skipped: false, Reason: null);

    private static PlannedFire Skip(string at, string reason) => new(Utc.At(at), Skipped: true, reason);

    private static FirePlan Plan(Schedule schedule, string nextFire, FakeTimeProvider clock, MisfirePolicy policy, MisfireOptions? options = null)
    {
        var now = clock.GetUtcNow();
        return FirePlanner.Plan(schedule, Utc.At(nextFire), now, now + Lookahead, policy, options ?? Options);
    }

    [Fact]
    public void Plan_NoMisfire_MaterialisesSlotsUpToUntilAndReturnsNextSlot()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:08Z"));

        var plan = FirePlanner.Plan(EveryTenSeconds, Utc.At("2026-01-05T10:00:10Z"), clock.GetUtcNow(), Utc.At("2026-01-05T10:00:35Z"), MisfirePolicy.RunOnce, Options);

        Assert.Equal([Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z"), Run("2026-01-05T10:00:30Z")], plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:00:40Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_SlotExactlyAtUntil_IsIncluded()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:05Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal([Run("2026-01-05T10:00:10Z")], plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:00:20Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_NextFireBeyondUntil_MaterialisesNothingAndKeepsNextFire()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:01Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);

        Assert.Empty(plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:00:10Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_ClockAdvancesBetweenPasses_EachSlotPlannedOnce()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));
        var planned = new List<PlannedFire>();
        DateTimeOffset? next = Utc.At("2026-01-05T10:00:00Z");

        for (var pass = 0; pass < 12 && next is { } nextFire; pass++)
        {
            var now = clock.GetUtcNow();
            var plan = FirePlanner.Plan(EveryTenSeconds, nextFire, now, now + Lookahead, MisfirePolicy.RunOnce, Options);
            planned.AddRange(plan.Fires);
            next = plan.NextFire;
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        // 12 passes 3 s apart reach until = 10:00:33 + 5 s: slots 10:00:00 … 10:00:30, each once, none skipped.
        Assert.Equal(
            [Run("2026-01-05T10:00:00Z"), Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z"), Run("2026-01-05T10:00:30Z")],
            planned);
        Assert.Equal(Utc.At("2026-01-05T10:00:40Z"), next);
    }

    [Fact]
    public void Plan_SlotLateByLessThanThreshold_RunsNormally()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:14.999Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.Skip);

        Assert.Equal([Run("2026-01-05T10:00:10Z")], plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:00:20Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_SlotLateByExactlyThreshold_RunsNormally()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:15Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.Skip);

        Assert.Equal([Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z")], plan.Fires);
    }

    [Fact]
    public void Plan_SlotLateByMoreThanThresholdWithSkip_IsSkipped()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:15.001Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.Skip);

        Assert.Equal([Skip("2026-01-05T10:00:10Z", SkipReason), Run("2026-01-05T10:00:20Z")], plan.Fires);
    }

    [Fact]
    public void Plan_RunOnceAfterOutage_RunsLatestMissedSlotAndSkipsTheOthers()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:08Z"));
        clock.Advance(TimeSpan.FromSeconds(52)); // down until 10:01:00; misfires are slots before 10:00:55.

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", RunOnceReason),
                Skip("2026-01-05T10:00:20Z", RunOnceReason),
                Skip("2026-01-05T10:00:30Z", RunOnceReason),
                Skip("2026-01-05T10:00:40Z", RunOnceReason),
                Run("2026-01-05T10:00:50Z"),
                Run("2026-01-05T10:01:00Z"),
            ],
            plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:01:10Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_RunOnceWithSingleMissedSlot_RunsIt()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:16Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal([Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z")], plan.Fires);
    }

    [Fact]
    public void Plan_SkipAfterOutage_RecordsEveryMissedSlotAsSkipped()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:00Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.Skip);

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", SkipReason),
                Skip("2026-01-05T10:00:20Z", SkipReason),
                Skip("2026-01-05T10:00:30Z", SkipReason),
                Skip("2026-01-05T10:00:40Z", SkipReason),
                Skip("2026-01-05T10:00:50Z", SkipReason),
                Run("2026-01-05T10:01:00Z"),
            ],
            plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:01:10Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_RunAllAfterOutage_RunsLatestCapAndSkipsTheRest()
    {
        const string reason = "misfire: missed while no scheduler was running; misfirePolicy runAll runs at most the latest 3 missed slots";
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:00Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunAll, Options with { RunAllCap = 3 });

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", reason),
                Skip("2026-01-05T10:00:20Z", reason),
                Run("2026-01-05T10:00:30Z"),
                Run("2026-01-05T10:00:40Z"),
                Run("2026-01-05T10:00:50Z"),
                Run("2026-01-05T10:01:00Z"),
            ],
            plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:01:10Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_RunAllWithFewerMissedThanCap_RunsEveryMissedSlot()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:45Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunAll);

        Assert.Equal(
            [Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z"), Run("2026-01-05T10:00:30Z"), Run("2026-01-05T10:00:40Z"), Run("2026-01-05T10:00:50Z")],
            plan.Fires);
    }

    [Fact]
    public void Plan_SkipBeyondMaxRecordedSkips_RecordsLatestAndCountsTheRestInFirstReason()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:45Z")); // slots 10:00:00 … 10:01:30 (10) are missed.

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:00Z", clock, MisfirePolicy.Skip, Options with { MaxRecordedSkips = 3 });

        Assert.Equal(
            [
                Skip("2026-01-05T10:01:10Z", SkipReason + " (7 earlier missed slots were skipped without a record of their own)"),
                Skip("2026-01-05T10:01:20Z", SkipReason),
                Skip("2026-01-05T10:01:30Z", SkipReason),
                Run("2026-01-05T10:01:40Z"),
                Run("2026-01-05T10:01:50Z"),
            ],
            plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:02:00Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_RunOnceBeyondMaxRecordedSkips_RunsLatestAndCountsUnrecordedSkips()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:45Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:00Z", clock, MisfirePolicy.RunOnce, Options with { MaxRecordedSkips = 2 });

        Assert.Equal(
            [
                Skip("2026-01-05T10:01:10Z", RunOnceReason + " (7 earlier missed slots were skipped without a record of their own)"),
                Skip("2026-01-05T10:01:20Z", RunOnceReason),
                Run("2026-01-05T10:01:30Z"),
                Run("2026-01-05T10:01:40Z"),
                Run("2026-01-05T10:01:50Z"),
            ],
            plan.Fires);
    }

    [Fact]
    public void Plan_MaxRecordedSkipsZero_RecordsNoSkippedRows()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:00Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce, Options with { MaxRecordedSkips = 0 });

        Assert.Equal([Run("2026-01-05T10:00:50Z"), Run("2026-01-05T10:01:00Z")], plan.Fires);
    }

    [Theory]
    [InlineData(MisfirePolicy.RunOnce)]
    [InlineData(MisfirePolicy.RunAll)]
    public void Plan_EverySecondCronDownThirtyDays_JumpsAheadAndRunsTheLatestMissedSlot(MisfirePolicy policy)
    {
        var schedule = Cron("* * * * * *");
        var options = new MisfireOptions(TimeSpan.FromSeconds(5), RunAllCap: 2, MaxRecordedSkips: 3, MaxEnumerated: 100_000);
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));
        var lastPlanned = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromDays(30));
        var now = clock.GetUtcNow();

        var plan = FirePlanner.Plan(schedule, lastPlanned, now, now + Lookahead, policy, options);

        // 2,591,995 slots are missed; the "at least" below shows the planner jumped instead of walking them all.
        var runLatest = policy == MisfirePolicy.RunOnce ? 1 : 2;
        var skipped = plan.Fires.Where(f => f.Skipped).ToList();
        var ran = plan.Fires.Where(f => !f.Skipped).Select(f => f.ScheduledAt).ToList();
        Assert.Equal(3, skipped.Count);
        Assert.Equal([now.AddSeconds(-6 - runLatest - 2), now.AddSeconds(-6 - runLatest - 1), now.AddSeconds(-6 - runLatest)], skipped.Select(f => f.ScheduledAt));
        Assert.Contains("at least ", skipped[0].Reason, StringComparison.Ordinal);
        Assert.EndsWith(" earlier missed slots were skipped without a record of their own)", skipped[0].Reason, StringComparison.Ordinal);
        // The latest missed slot (now − 6 s) runs, then the present slots now − 5 s … now + 5 s run normally.
        var expectedRuns = Enumerable.Range(-5 - runLatest, runLatest + 11).Select(s => now.AddSeconds(s));
        Assert.Equal(expectedRuns, ran);
        Assert.Equal(now.AddSeconds(6), plan.NextFire);
    }

    [Fact]
    public void Plan_OutageShorterThanMaxEnumerated_CountsEverySkipExactly()
    {
        var schedule = Cron("* * * * * *");
        var options = new MisfireOptions(TimeSpan.FromSeconds(5), MaxRecordedSkips: 1, MaxEnumerated: 100_000);
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));
        clock.Advance(TimeSpan.FromHours(1));
        var now = clock.GetUtcNow();

        var plan = FirePlanner.Plan(schedule, Utc.At("2026-01-05T10:00:00Z"), now, now, MisfirePolicy.Skip, options);

        // 10:00:00 … 10:59:54 are missed: 3,595 slots, 1 recorded, 3,594 counted.
        Assert.Equal(
            Skip("2026-01-05T10:59:54Z", SkipReason + " (3594 earlier missed slots were skipped without a record of their own)"),
            plan.Fires[0]);
        Assert.Equal(7, plan.Fires.Count); // 10:59:55 … 11:00:00 run normally.
    }

    [Fact]
    public void Plan_MaxEnumeratedReachedNearThePresent_WalksOnAndCountsExactly()
    {
        // 8 missed slots (10:00:00 … 10:01:10); after 5 the rest is too short to be worth a jump.
        var options = new MisfireOptions(TimeSpan.FromSeconds(5), RunAllCap: 1, MaxRecordedSkips: 2, MaxEnumerated: 5);
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:20Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:00Z", clock, MisfirePolicy.Skip, options);

        Assert.Equal(
            [
                Skip("2026-01-05T10:01:00Z", SkipReason + " (6 earlier missed slots were skipped without a record of their own)"),
                Skip("2026-01-05T10:01:10Z", SkipReason),
                Run("2026-01-05T10:01:20Z"),
            ],
            plan.Fires);
    }

    [Fact]
    public void Plan_MaxEnumeratedReachedFarFromThePresent_JumpsToLatestSlotsAndCountsAsAtLeast()
    {
        // 30 missed slots (10:00:00 … 10:04:50); after 5 the planner jumps to the latest ones it needs.
        var options = new MisfireOptions(TimeSpan.FromSeconds(5), RunAllCap: 1, MaxRecordedSkips: 2, MaxEnumerated: 5);
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:05:05Z"));

        var plan = Plan(EveryTenSeconds, "2026-01-05T10:00:00Z", clock, MisfirePolicy.RunOnce, options);

        Assert.Equal(
            [
                Skip("2026-01-05T10:04:30Z", RunOnceReason + " (at least 5 earlier missed slots were skipped without a record of their own)"),
                Skip("2026-01-05T10:04:40Z", RunOnceReason),
                Run("2026-01-05T10:04:50Z"),
                Run("2026-01-05T10:05:00Z"),
                Run("2026-01-05T10:05:10Z"),
            ],
            plan.Fires);
        Assert.Equal(Utc.At("2026-01-05T10:05:20Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_RunAtInThePastWithRunOnce_RunsIt()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = Utc.At("2026-01-05T10:00:00Z") });
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T12:00:00Z"));

        var plan = Plan(schedule, "2026-01-05T10:00:00Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal([Run("2026-01-05T10:00:00Z")], plan.Fires);
        Assert.Null(plan.NextFire);
    }

    [Fact]
    public void Plan_RunAtInThePastWithSkip_IsSkipped()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = Utc.At("2026-01-05T10:00:00Z") });
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T12:00:00Z"));

        var plan = Plan(schedule, "2026-01-05T10:00:00Z", clock, MisfirePolicy.Skip);

        Assert.Equal([Skip("2026-01-05T10:00:00Z", SkipReason)], plan.Fires);
        Assert.Null(plan.NextFire);
    }

    [Fact]
    public void Plan_RunAtDueWithinLookahead_RunsAndLeavesNoNextFire()
    {
        var schedule = Compile(new ScheduleSpec { RunAt = Utc.At("2026-01-05T10:00:03Z") });
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));

        var plan = Plan(schedule, "2026-01-05T10:00:03Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal([Run("2026-01-05T10:00:03Z")], plan.Fires);
        Assert.Null(plan.NextFire);
    }

    [Fact]
    public void Plan_ScheduleEndsWithinPass_ReturnsNullNextFire()
    {
        var schedule = Compile(new ScheduleSpec { IntervalSeconds = 10, EndAt = Utc.At("2026-01-05T10:00:25Z") }, Utc.At("2026-01-05T10:00:00Z"));
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:00:00Z"));
        clock.Advance(TimeSpan.FromMinutes(1));

        var plan = Plan(schedule, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunAll);

        Assert.Equal([Run("2026-01-05T10:00:10Z"), Run("2026-01-05T10:00:20Z")], plan.Fires);
        Assert.Null(plan.NextFire);
    }

    [Fact]
    public void Plan_ScheduleEndsAfterMissedSlots_ReturnsNullNextFire()
    {
        var schedule = Compile(new ScheduleSpec { IntervalSeconds = 10, EndAt = Utc.At("2026-01-05T10:00:30Z") }, Utc.At("2026-01-05T10:00:00Z"));
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T11:00:00Z"));

        var plan = Plan(schedule, "2026-01-05T10:00:00Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:00Z", RunOnceReason),
                Skip("2026-01-05T10:00:10Z", RunOnceReason),
                Skip("2026-01-05T10:00:20Z", RunOnceReason),
                Run("2026-01-05T10:00:30Z"),
            ],
            plan.Fires);
        Assert.Null(plan.NextFire);
    }

    [Fact]
    public void Plan_SameInputs_GivesSamePlan()
    {
        var clock = new FakeTimeProvider(Utc.At("2026-01-05T10:01:00Z"));

        var first = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);
        var second = Plan(EveryTenSeconds, "2026-01-05T10:00:10Z", clock, MisfirePolicy.RunOnce);

        Assert.Equal(first.Fires, second.Fires);
        Assert.Equal(first.NextFire, second.NextFire);
    }

    [Fact]
    public void Default_Options_AreFiveSecondsHundredThousandAndOneThousand()
    {
        Assert.Equal(new MisfireOptions(TimeSpan.FromSeconds(5), RunAllCap: 100, MaxRecordedSkips: 1000, MaxEnumerated: 100_000), MisfireOptions.Default);
    }
}
