using Gnomon.Domain.Jobs;
using Gnomon.Domain.Planning;
using Gnomon.Domain.Schedules;
using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Planning;

/// <summary>Slots missed while a scheduler was watching their partition (the system overloaded) against slots missed while none was.</summary>
public sealed class FirePlannerOverloadTests
{

    private const string NoScheduler = "misfire: missed while no scheduler was running; ";

    private static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(2);
    private static readonly MisfireOptions Options = new(TimeSpan.FromSeconds(5), RunAllCap: 2, MaxBacklog: 10_000);
    private static readonly Schedule EverySecond = Cron("* * * * * *");

    private static string OverloadedReason(string late, string policy) =>
        $"misfire: overloaded, {late} late: the system was behind its schedule while a scheduler was running "
        + $"(new slots are held back while Scheduler:MaxBacklog = 10000 due executions wait for a worker); {policy}";

    private static PlannedFire Run(string at) => new(Utc.At(at), Skipped: false, Reason: null);

    private static PlannedFire Skip(string at, string reason) => new(Utc.At(at), Skipped: true, reason);

    private static FirePlan Plan(string nextFire, string now, MisfirePolicy policy, string? watchedSince, MisfireOptions? options = null, Schedule? schedule = null)
    {
        var at = Utc.At(now);
        return FirePlanner.Plan(schedule ?? EverySecond, Utc.At(nextFire), at, at + Lookahead, policy, options ?? Options, watchedSince is null ? null : Utc.At(watchedSince));
    }

    [Fact]
    public void Plan_SlotMissedWhileWatchedWithSkip_SaysOverloadedWithItsLatenessAndPolicy()
    {
        // 10:00:10 is 7.4 s old at 10:00:17.4; slots before 10:00:12.4 are missed.
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:17.4Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:00Z");

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", OverloadedReason("7.4 s", "misfirePolicy skip")),
                Skip("2026-01-05T10:00:11Z", OverloadedReason("6.4 s", "misfirePolicy skip")),
                Skip("2026-01-05T10:00:12Z", OverloadedReason("5.4 s", "misfirePolicy skip")),
                Run("2026-01-05T10:00:13Z"),
                Run("2026-01-05T10:00:14Z"),
                Run("2026-01-05T10:00:15Z"),
                Run("2026-01-05T10:00:16Z"),
                Run("2026-01-05T10:00:17Z"),
                Run("2026-01-05T10:00:18Z"),
                Run("2026-01-05T10:00:19Z"),
            ],
            plan.Fires);
        Assert.Equal((3, 0), (plan.OverloadedSkips, plan.NoSchedulerSkips));
        Assert.Equal(Utc.At("2026-01-05T10:00:20Z"), plan.NextFire);
    }

    [Fact]
    public void Plan_SlotsMissedWhileWatchedWithRunOnce_RunsTheLatestAndSkipsTheRestAsOverloaded()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:18Z", MisfirePolicy.RunOnce, watchedSince: "2026-01-05T10:00:00Z");

        // 10:00:10 … :12 are missed at 10:00:18; the latest of them runs.
        const string policy = "misfirePolicy runOnce runs only the latest missed slot";
        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", OverloadedReason("8.0 s", policy)),
                Skip("2026-01-05T10:00:11Z", OverloadedReason("7.0 s", policy)),
                Run("2026-01-05T10:00:12Z"),
                Run("2026-01-05T10:00:13Z"),
            ],
            plan.Fires.Take(4));
        Assert.Equal((2, 0), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_SlotsMissedWhileWatchedWithRunAll_SkipsBeyondTheCapAsOverloaded()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:18Z", MisfirePolicy.RunAll, watchedSince: "2026-01-05T10:00:10Z");

        const string policy = "misfirePolicy runAll runs at most the latest 2 missed slots";
        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", OverloadedReason("8.0 s", policy)),
                Run("2026-01-05T10:00:11Z"),
                Run("2026-01-05T10:00:12Z"),
            ],
            plan.Fires.Take(3));
        Assert.Equal((1, 0), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_WatchStartedAmidTheMissedSlots_EarlierSayNoSchedulerLaterSayOverloaded()
    {
        // A takeover at 10:00:11.5: 10:00:10 and :11 fell due while no scheduler held the partition, :12 … :14 while this one did.
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:20Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:11.5Z");

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:10Z", NoScheduler + "misfirePolicy skip"),
                Skip("2026-01-05T10:00:11Z", NoScheduler + "misfirePolicy skip"),
                Skip("2026-01-05T10:00:12Z", OverloadedReason("8.0 s", "misfirePolicy skip")),
                Skip("2026-01-05T10:00:13Z", OverloadedReason("7.0 s", "misfirePolicy skip")),
                Skip("2026-01-05T10:00:14Z", OverloadedReason("6.0 s", "misfirePolicy skip")),
            ],
            plan.Fires.Where(f => f.Skipped));
        Assert.Equal((3, 2), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_SlotExactlyAtWatchStart_SaysOverloaded()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:16Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:10Z");

        Assert.Equal([Skip("2026-01-05T10:00:10Z", OverloadedReason("6.0 s", "misfirePolicy skip"))], plan.Fires.Where(f => f.Skipped));
    }

    [Fact]
    public void Plan_WatchStartedAfterEveryMissedSlot_SaysNoSchedulerAsBefore()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:17Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:16Z");

        Assert.Equal(
            [Skip("2026-01-05T10:00:10Z", NoScheduler + "misfirePolicy skip"), Skip("2026-01-05T10:00:11Z", NoScheduler + "misfirePolicy skip")],
            plan.Fires.Where(f => f.Skipped));
        Assert.Equal((0, 2), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_NotWatched_SaysNoScheduler()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:16Z", MisfirePolicy.Skip, watchedSince: null);

        Assert.Equal([Skip("2026-01-05T10:00:10Z", NoScheduler + "misfirePolicy skip")], plan.Fires.Where(f => f.Skipped));
        Assert.Equal((0, 1), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_NoMissedSlot_CountsNoSkips()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:12Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:00Z");

        Assert.DoesNotContain(plan.Fires, f => f.Skipped);
        Assert.Equal((0, 0), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Fact]
    public void Plan_OverloadedWithoutMaxBacklog_LeavesTheBoundOut()
    {
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:16Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:00Z", Options with { MaxBacklog = null });

        Assert.Equal(
            "misfire: overloaded, 6.0 s late: the system was behind its schedule while a scheduler was running; misfirePolicy skip",
            Assert.Single(plan.Fires, f => f.Skipped).Reason);
    }

    [Fact]
    public void Plan_OverloadedBeyondMaxRecordedSkips_CountsTheRestInTheFirstRecordedReason()
    {
        // 10:00:10 … 10:00:19 are missed at 10:00:25; the latest two get rows.
        var plan = Plan("2026-01-05T10:00:10Z", "2026-01-05T10:00:25Z", MisfirePolicy.Skip, watchedSince: "2026-01-05T10:00:00Z", Options with { MaxRecordedSkips = 2 });

        Assert.Equal(
            [
                Skip("2026-01-05T10:00:18Z", OverloadedReason("7.0 s", "misfirePolicy skip") + " (8 earlier missed slots were skipped without a record of their own)"),
                Skip("2026-01-05T10:00:19Z", OverloadedReason("6.0 s", "misfirePolicy skip")),
            ],
            plan.Fires.Where(f => f.Skipped));
        Assert.Equal((2, 0), (plan.OverloadedSkips, plan.NoSchedulerSkips));
    }

    [Theory]
    [InlineData("2026-01-05T10:02:05Z", "2 min 5 s")]
    [InlineData("2026-01-05T13:12:40Z", "3 h 12 min")]
    [InlineData("2026-01-07T14:00:00Z", "2 d 4 h")]
    public void Plan_OverloadedLongLate_WritesTheLatenessInLargerUnits(string now, string late)
    {
        var schedule = Compile(new ScheduleSpec { RunAt = Utc.At("2026-01-05T10:00:00Z") });

        var plan = Plan("2026-01-05T10:00:00Z", now, MisfirePolicy.Skip, watchedSince: "2026-01-05T09:00:00Z", schedule: schedule);

        Assert.Equal([Skip("2026-01-05T10:00:00Z", OverloadedReason(late, "misfirePolicy skip"))], plan.Fires);
    }
}
