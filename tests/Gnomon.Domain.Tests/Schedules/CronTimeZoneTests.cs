using static Gnomon.Domain.Tests.TestSchedule;

namespace Gnomon.Domain.Tests.Schedules;

/// <summary>
/// Cron in IANA zones. Europe/Berlin 2026: spring forward 2026-03-29 02:00 → 03:00 local (01:00Z),
/// fall back 2026-10-25 03:00 → 02:00 local (01:00Z). America/New_York 2026: spring forward 2026-03-08 02:00 → 03:00
/// local (07:00Z), fall back 2026-11-01 02:00 → 01:00 local (06:00Z).
/// </summary>
public sealed class CronTimeZoneTests
{
    [Fact]
    public void FirstAtOrAfter_BerlinDailyNineInWinter_FiresAtEightUtc()
    {
        var schedule = Cron("0 9 * * *", "Europe/Berlin");

        Assert.Equal(Utc.At("2026-01-05T08:00:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-01-05T00:00:00Z")));
    }

    [Fact]
    public void FirstAtOrAfter_BerlinDailyNineInSummer_FiresAtSevenUtc()
    {
        var schedule = Cron("0 9 * * *", "Europe/Berlin");

        Assert.Equal(Utc.At("2026-07-06T07:00:00Z"), schedule.FirstAtOrAfter(Utc.At("2026-07-06T00:00:00Z")));
    }

    [Fact]
    public void Upcoming_BerlinDailyNineAcrossSpringForward_KeepsLocalNine()
    {
        var schedule = Cron("0 9 * * *", "Europe/Berlin");

        var fires = schedule.Upcoming(Utc.At("2026-03-28T00:00:00Z"), 3);

        Assert.Equal(Instants("2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"), fires);
    }

    [Fact]
    public void Upcoming_BerlinSkippedLocalTimeOnSpringForward_FiresOnceAtTransition()
    {
        // 02:30 does not exist on 2026-03-29 in Berlin: it fires once at the transition, 03:00 CEST = 01:00Z.
        var schedule = Cron("30 2 * * *", "Europe/Berlin");

        var fires = schedule.Upcoming(Utc.At("2026-03-28T00:00:00Z"), 3);

        Assert.Equal(Instants("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"), fires);
    }

    [Fact]
    public void Upcoming_BerlinRepeatedLocalTimeOnFallBack_FiresOnceAtFirstOccurrence()
    {
        // 02:30 happens twice on 2026-10-25 in Berlin (00:30Z in CEST, 01:30Z in CET): it fires once, at the first.
        var schedule = Cron("30 2 * * *", "Europe/Berlin");

        var fires = schedule.Upcoming(Utc.At("2026-10-24T00:00:00Z"), 3);

        Assert.Equal(Instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"), fires);
    }

    [Fact]
    public void Upcoming_BerlinEveryThirtyMinutesThroughFallBack_KeepsRealTimeCadence()
    {
        // Cronos treats a stepped minute with a wildcard hour as an interval: it fires in both copies of the
        // repeated hour (02:00 and 02:30 CEST, then 02:00 and 02:30 CET), so the UTC cadence stays every 30 minutes.
        var schedule = Cron("0 */30 * * * *", "Europe/Berlin");

        var fires = schedule.Upcoming(Utc.At("2026-10-24T23:00:00Z"), 8);

        Assert.Equal(
            Instants(
                "2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z",
                "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z"),
            fires);
    }

    [Fact]
    public void Upcoming_BerlinEveryThirtyMinutesThroughSpringForward_KeepsRealTimeCadence()
    {
        var schedule = Cron("0 */30 * * * *", "Europe/Berlin");

        var fires = schedule.Upcoming(Utc.At("2026-03-29T00:00:00Z"), 4);

        Assert.Equal(Instants("2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"), fires);
    }

    [Fact]
    public void Upcoming_NewYorkSkippedLocalTimeOnSpringForward_FiresOnceAtTransition()
    {
        // 02:30 does not exist on 2026-03-08 in New York: it fires at 03:00 EDT = 07:00Z.
        var schedule = Cron("30 2 * * *", "America/New_York");

        var fires = schedule.Upcoming(Utc.At("2026-03-07T00:00:00Z"), 3);

        Assert.Equal(Instants("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"), fires);
    }

    [Fact]
    public void Upcoming_NewYorkRepeatedLocalTimeOnFallBack_FiresOnceAtFirstOccurrence()
    {
        // 01:30 happens twice on 2026-11-01 in New York (05:30Z in EDT, 06:30Z in EST): it fires once, at the first.
        var schedule = Cron("30 1 * * *", "America/New_York");

        var fires = schedule.Upcoming(Utc.At("2026-10-31T00:00:00Z"), 3);

        Assert.Equal(Instants("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"), fires);
    }

    [Fact]
    public void Upcoming_NewYorkEveryThirtyMinutesThroughFallBack_KeepsRealTimeCadence()
    {
        var schedule = Cron("*/30 * * * *", "America/New_York");

        var fires = schedule.Upcoming(Utc.At("2026-11-01T05:00:00Z"), 5);

        Assert.Equal(
            Instants("2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z"),
            fires);
    }
}
