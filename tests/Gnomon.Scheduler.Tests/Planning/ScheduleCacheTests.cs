using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Scheduler.Planning;
using Gnomon.Testing;

namespace Gnomon.Scheduler.Tests.Planning;

public sealed class ScheduleCacheTests
{
    private static readonly DateTimeOffset Created = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ScheduleCache _cache = new();

    [Fact]
    public void Get_SameJobAndVersion_ReturnsTheScheduleCompiledTheFirstTime()
    {
        var job = Job(new ScheduleSpec { Cron = "*/5 * * * *" }, version: 1);

        var first = _cache.Get(job, out var firstProblem);
        var second = _cache.Get(job with { UpdatedAt = Created.AddHours(1) }, out var secondProblem);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Null(firstProblem);
        Assert.Null(secondProblem);
        Assert.Equal(Created.AddMinutes(5), first.NextAfter(Created));
    }

    [Fact]
    public void Get_NewVersionWithAnotherSchedule_CompilesTheNewSchedule()
    {
        var job = Job(new ScheduleSpec { Cron = "*/5 * * * *" }, version: 1);
        var before = _cache.Get(job, out _);

        var edited = job with { Definition = job.Definition with { Schedule = new ScheduleSpec { Cron = "0 * * * *" } }, Version = 2 };
        var after = _cache.Get(edited, out var problem);

        Assert.Null(problem);
        Assert.NotSame(before, after);
        Assert.Equal(Created.AddHours(1), after!.NextAfter(Created));
    }

    [Fact]
    public void Get_SameVersionWithAnotherSchedule_TrustsTheVersion()
    {
        // Every stored change bumps the version, so the cache never re-reads a definition whose version it knows.
        var job = Job(new ScheduleSpec { Cron = "*/5 * * * *" }, version: 7);
        var cached = _cache.Get(job, out _);

        var sameVersion = job with { Definition = job.Definition with { Schedule = new ScheduleSpec { Cron = "0 * * * *" } } };

        Assert.Same(cached, _cache.Get(sameVersion, out _));
    }

    [Fact]
    public void Get_OlderVersionThanCached_CompilesThatVersion()
    {
        var job = Job(new ScheduleSpec { Cron = "0 * * * *" }, version: 2);
        _cache.Get(job, out _);

        var older = job with { Definition = job.Definition with { Schedule = new ScheduleSpec { Cron = "*/5 * * * *" } }, Version = 1 };

        Assert.Equal(Created.AddMinutes(5), _cache.Get(older, out _)!.NextAfter(Created));
    }

    [Fact]
    public void Get_TwoJobsWithTheSameVersion_KeepsASchedulePerJob()
    {
        var everyFive = Job(new ScheduleSpec { Cron = "*/5 * * * *" }, version: 1);
        var hourly = Job(new ScheduleSpec { Cron = "0 * * * *" }, version: 1);

        var first = _cache.Get(everyFive, out _);
        var second = _cache.Get(hourly, out _);

        Assert.Equal(Created.AddMinutes(5), first!.NextAfter(Created));
        Assert.Equal(Created.AddHours(1), second!.NextAfter(Created));
        Assert.Same(first, _cache.Get(everyFive, out _));
    }

    [Fact]
    public void Get_IntervalSchedule_CountsFromTheJobsCreation()
    {
        var job = Job(new ScheduleSpec { IntervalSeconds = 90 }, version: 1);

        var schedule = _cache.Get(job, out _);

        Assert.Equal(Created.AddSeconds(90), schedule!.NextAfter(Created));
    }

    [Fact]
    public void Get_StoredScheduleThatNoLongerCompiles_ReturnsNullNamingTheField()
    {
        // As after a time zone disappears from the system's database: stored when valid, no longer compiles.
        var job = Job(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = "Atlantis/Poseidonia" }, version: 1);

        var schedule = _cache.Get(job, out var problem);

        Assert.Null(schedule);
        Assert.NotNull(problem);
        Assert.StartsWith("schedule.timeZone ", problem, StringComparison.Ordinal);
        Assert.Contains("Atlantis/Poseidonia", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_BrokenScheduleAskedAgain_ReturnsTheSameProblem()
    {
        var job = Job(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = "Atlantis/Poseidonia" }, version: 1);
        _cache.Get(job, out var first);

        var schedule = _cache.Get(job, out var second);

        Assert.Null(schedule);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Get_BrokenScheduleFixedInANewVersion_ReturnsTheScheduleAndNoProblem()
    {
        var broken = Job(new ScheduleSpec { Cron = "0 9 * * *", TimeZone = "Atlantis/Poseidonia" }, version: 1);
        _cache.Get(broken, out _);

        var fixedJob = broken with { Definition = broken.Definition with { Schedule = new ScheduleSpec { Cron = "0 9 * * *", TimeZone = "UTC" } }, Version = 2 };
        var schedule = _cache.Get(fixedJob, out var problem);

        Assert.Null(problem);
        Assert.Equal(Created.AddHours(9), schedule!.NextAfter(Created));
    }

    [Fact]
    public void Get_ProblemOfTheWholeSchedule_IsNotPrefixedWithAField()
    {
        var job = Job(new ScheduleSpec { Cron = "0 9 * * *", IntervalSeconds = 60 }, version: 1);

        Assert.Null(_cache.Get(job, out var problem));
        Assert.Equal("only one of cron, intervalSeconds or runAt may be given", problem);
    }

    [Fact]
    public void Get_SeveralProblems_AreJoinedInOneMessage()
    {
        var job = Job(new ScheduleSpec { Cron = "not a cron at all", TimeZone = "Atlantis/Poseidonia" }, version: 1);

        Assert.Null(_cache.Get(job, out var problem));
        var parts = problem!.Split("; ");
        Assert.Equal(2, parts.Length);
        Assert.StartsWith("schedule.timeZone ", parts[0], StringComparison.Ordinal);
        Assert.StartsWith("schedule.cron ", parts[1], StringComparison.Ordinal);
    }

    private static Job Job(ScheduleSpec schedule, int version) => new()
    {
        Id = Guid.CreateVersion7(),
        Definition = TestJobs.Definition("cached", schedule: schedule),
        CreatedAt = Created,
        UpdatedAt = Created,
        Version = version,
    };
}
