using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Scheduler.Partitions;
using Gnomon.Scheduler.Planning;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Scheduler.Tests.Planning;

/// <summary>Jobs reach a running scheduler through notifications; the clock is fake and never moves, so no periodic reload can bring them in.</summary>
public sealed class SchedulingServiceNotificationTests
{
    [Fact]
    public async Task ExecuteAsync_JobsCreatedInOneBatch_AreScheduledFromItsMultiIdNotifications()
    {
        var real = TimeProvider.System.GetUtcNow();
        var now = new DateTimeOffset(real.Ticks - (real.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var connectionString = await TestDatabase.CreateAsync();
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        await using var master = TestNode.Create(connectionString, services => services.AddSingleton<IPartitionOwnership>(new HeldPartitions(fence)).AddGnomonScheduler(), timeProvider: clock);
        var store = master.Get<JobStore>();
        await master.StartAsync<SchedulingService>();

        // Settled: listening, and the reloads of start and of connecting done (a job created after them is scheduled).
        await Eventually.WaitAsync(
            async () => await Sql.ScalarAsync<long>(connectionString, "select count(*) from pg_stat_activity where datname = current_database() and query ilike 'listen%'") > 0,
            "the scheduler to listen");
        var sentinel = await TestJobs.CreateAsync(store, RunAt("sentinel", now.AddSeconds(1)), now.AddSeconds(1));
        await WaitForExecutionsAsync(connectionString, [sentinel.Id]);

        var jobs = Enumerable.Range(0, 450).Select(i => new NewJob(Guid.CreateVersion7(), RunAt($"batch-{i}", now.AddSeconds(1)), now.AddSeconds(1))).ToList();
        Assert.True((await store.CreateManyAsync(jobs, CancellationToken.None)).Succeeded);

        await WaitForExecutionsAsync(connectionString, [.. jobs.Select(j => j.Id)]);
    }

    private static JobDefinition RunAt(string name, DateTimeOffset at) => TestJobs.Definition(name, schedule: new ScheduleSpec { RunAt = at });

    private static Task WaitForExecutionsAsync(string connectionString, Guid[] jobIds) => Eventually.WaitAsync(
        async () => await Sql.ScalarAsync<long>(connectionString, "select count(distinct job_id) from gnomon_execution_state where job_id = any($1)", jobIds) == jobIds.Length,
        $"a slot for each of {jobIds.Length} jobs",
        TimeSpan.FromSeconds(20));
}
