using Gnomon.Domain.Executions;
using Gnomon.Scheduler.Partitions;
using Gnomon.Scheduler.Planning;
using Gnomon.Store.Jobs;
using Gnomon.Store.Partitions;
using Gnomon.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Scheduler.Tests.Planning;

[Collection(RealTimeCollection.Name)]
public sealed class SchedulingServiceRaceTests
{
    [Fact]
    public async Task ExecuteAsync_TwoMastersBothBelievingTheyOwnAllPartitions_WriteEverySlotOnceWithoutGaps()
    {
        var connectionString = await TestDatabase.CreateAsync();
        // The worst case fencing exists to prevent, forced: both act on the same valid leases.
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        await using var masterA = TestNode.Create(connectionString, services => services.AddSingleton<IPartitionOwnership>(new HeldPartitions(fence)).AddGnomonScheduler());
        await using var masterB = TestNode.Create(connectionString, services => services.AddSingleton<IPartitionOwnership>(new HeldPartitions(fence)).AddGnomonScheduler());
        await RunAndAssertEverySlotOnceAsync(connectionString, masterA, masterB, startLeases: false);
    }

    [Fact]
    public async Task ExecuteAsync_TwoMastersSplittingByLeases_WriteEverySlotOnceWithoutGaps()
    {
        var connectionString = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Scheduler:PartitionLeaseTtl"] = "00:00:02" };
        await using var masterA = TestNode.Create(connectionString, services => services.AddGnomonScheduler(), settings);
        await using var masterB = TestNode.Create(connectionString, services => services.AddGnomonScheduler(), settings);
        await RunAndAssertEverySlotOnceAsync(connectionString, masterA, masterB, startLeases: true);
        var owners = await masterA.Get<PartitionLeaseStore>().ListOwnersAsync(CancellationToken.None);
        Assert.All(owners.Values, Assert.Null);
    }

    private static async Task RunAndAssertEverySlotOnceAsync(string connectionString, TestNode masterA, TestNode masterB, bool startLeases)
    {
        var now = TimeProvider.System.GetUtcNow();
        var first = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
        var jobs = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            jobs.Add((await TestJobs.CreateAsync(masterA.Get<JobStore>(), TestJobs.EverySecond($"every-second-{i}"), first)).Id);
        }

        if (startLeases)
        {
            await Task.WhenAll(masterA.StartAsync<PartitionLeaseManager>(), masterB.StartAsync<PartitionLeaseManager>());
        }

        await Task.WhenAll(masterA.StartAsync<SchedulingService>(), masterB.StartAsync<SchedulingService>());
        // About six seconds of slots for every job (the lookahead writes the last two early).
        await Eventually.WaitAsync(
            () => Sql.ScalarAsync<long>(connectionString, "select coalesce(min(n), 0) from (select count(*) n from gnomon_execution_state group by job_id) c where (select count(distinct job_id) from gnomon_execution_state) = 20"),
            least => least >= 8, "eight slots of every job", TimeSpan.FromSeconds(30));
        await Task.WhenAll(masterA.StopAsync(), masterB.StopAsync());

        var rows = await Sql.QueryAsync(connectionString, "select job_id, scheduled_at, status from gnomon_execution_state order by job_id, scheduled_at",
            r => (JobId: r.GetGuid(0), ScheduledAt: r.GetFieldValue<DateTimeOffset>(1), Status: (ExecutionStatus)r.GetInt16(2)));
        var nextFires = (await Sql.QueryAsync(connectionString, "select job_id, next_fire_at from gnomon_job_fires", r => (r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1))))
            .ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(20, rows.Select(r => r.JobId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Pending, r.Status));
        foreach (var job in jobs)
        {
            var slots = rows.Where(r => r.JobId == job).Select(r => r.ScheduledAt).ToList();
            Assert.Equal(slots.Count, slots.Distinct().Count());
            Assert.Equal(first, slots[0]);
            Assert.Equal(Enumerable.Range(0, slots.Count).Select(s => first.AddSeconds(s)), slots);
            Assert.Equal(slots[^1].AddSeconds(1), nextFires[job]);
        }
    }
}
