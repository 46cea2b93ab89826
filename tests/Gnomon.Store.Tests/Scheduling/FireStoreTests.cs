using Gnomon.Domain.Jobs;
using Gnomon.Domain.Planning;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using Gnomon.Store.Jobs;
using Gnomon.Store.Scheduling;
using Gnomon.Testing;

namespace Gnomon.Store.Tests.Scheduling;

public sealed class FireStoreTests
{
    private static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task MaterialiseAsync_TwoConcurrentCallsForSameJobs_NeverWriteASlotTwice()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var nodeA = TestNode.Create(connectionString);
        await using var nodeB = TestNode.Create(connectionString);
        var first = WholeSecond(TimeProvider.System.GetUtcNow()).AddSeconds(1);
        var jobIds = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            jobIds.Add((await TestJobs.CreateAsync(nodeA.Get<JobStore>(), TestJobs.EverySecond($"race-{i}"), first)).Id);
        }

        // Both writers believe they own every partition (one lease, seen by both): the job lock and the slot's
        // unique index are what keep a slot single.
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        var planned = 0;
        var inserted = 0;
        const int Rounds = 10;
        for (var round = 0; round < Rounds; round++)
        {
            var until = first.AddSeconds(round);
            var now = until - Lookahead;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = new[] { nodeA, nodeB }.Select(node => Task.Run(async () =>
            {
                await gate.Task;
                return await node.Get<FireStore>().MaterialiseAsync(jobIds, fence, until, job =>
                {
                    var plan = Plan(job, now, until);
                    Interlocked.Add(ref planned, plan.Fires.Count);
                    return plan;
                }, CancellationToken.None);
            })).ToList();
            gate.SetResult();
            foreach (var result in await Task.WhenAll(calls))
            {
                inserted += result.Inserted;
            }
        }

        var rows = await ReadSlotsAsync(connectionString);
        Assert.Equal(20 * Rounds, rows.Count);
        Assert.Equal(rows.Count, inserted);
        // The job lock keeps a second writer from even planning a slot the first one wrote.
        Assert.Equal(inserted, planned);
        foreach (var id in jobIds)
        {
            var slots = rows.Where(r => r.JobId == id).Select(r => r.ScheduledAt).ToList();
            Assert.Equal(Enumerable.Range(0, Rounds).Select(s => first.AddSeconds(s)), slots);
        }

        var nextFires = await Sql.QueryAsync(connectionString, "select distinct next_fire_at from gnomon_job_fires", r => r.GetFieldValue<DateTimeOffset>(0));
        Assert.Equal(first.AddSeconds(Rounds), Assert.Single(nextFires));
    }

    [Fact]
    public async Task MaterialiseAsync_StalePlanOverWrittenSlots_InsertsNothing()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var first = WholeSecond(TimeProvider.System.GetUtcNow()).AddSeconds(1);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.EverySecond("stale"), first);
        var fires = node.Get<FireStore>();
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        var until = first.AddSeconds(4);
        var written = await fires.MaterialiseAsync([job.Id], fence, until, j => Plan(j, first, until), CancellationToken.None);
        Assert.Equal(5, written.Inserted);

        // A master that lost its partition but still believes it owns it replans from an old next fire.
        await Sql.ExecuteAsync(connectionString, "update gnomon_job_fires set next_fire_at = $2 where job_id = $1", job.Id, first);
        var again = await fires.MaterialiseAsync([job.Id], fence, until, j => Plan(j, first, until), CancellationToken.None);

        Assert.Equal(0, again.Inserted);
        Assert.Equal(5, (await ReadSlotsAsync(connectionString)).Count);
    }

    [Fact]
    public async Task MaterialiseAsync_JobNotDue_IsNotLockedOrPlanned()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var first = WholeSecond(TimeProvider.System.GetUtcNow()).AddMinutes(1);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.EverySecond("later"), first);

        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());

        var result = await node.Get<FireStore>().MaterialiseAsync(
            [job.Id], fence, first.AddSeconds(-1), _ => throw new InvalidOperationException("planned a job not due"), CancellationToken.None);

        Assert.Empty(result.NextFires);
        Assert.Equal(0, result.Inserted);
    }

    [Theory]
    [InlineData("taken over", "update gnomon_partition_leases set owner_id = gen_random_uuid(), epoch = epoch + 1")]
    [InlineData("expired", "update gnomon_partition_leases set expires_at = now() - interval '1 millisecond'")]
    [InlineData("released and taken back", "update gnomon_partition_leases set epoch = epoch + 1")]
    public async Task MaterialiseAsync_FenceNoLongerHeld_WritesNothing(string what, string change)
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var first = WholeSecond(TimeProvider.System.GetUtcNow()).AddSeconds(1);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.EverySecond("fenced"), first);
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        await Sql.ExecuteAsync(connectionString, change);
        var until = first.AddSeconds(4);

        var result = await node.Get<FireStore>().MaterialiseAsync([job.Id], fence, until, j => Plan(j, first, until), CancellationToken.None);

        Assert.True(result.Inserted == 0, what);
        Assert.Empty(result.NextFires);
        Assert.Empty(await ReadSlotsAsync(connectionString));
        Assert.Equal(first, (await node.Get<JobStore>().GetNextFiresAsync([job.Id], CancellationToken.None))[job.Id]);
    }

    [Fact]
    public async Task MaterialiseAsync_FenceOfOtherPartitionsOnly_WritesNothingForThisJob()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var first = WholeSecond(TimeProvider.System.GetUtcNow()).AddSeconds(1);
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.EverySecond("elsewhere"), first);
        var all = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        var others = all with { Leases = [.. all.Leases.Where(l => l.Partition != JobLimits.PartitionOf(job.Id))] };
        var until = first.AddSeconds(2);

        var result = await node.Get<FireStore>().MaterialiseAsync([job.Id], others, until, j => Plan(j, first, until), CancellationToken.None);

        Assert.Equal(0, result.Inserted);
        Assert.Empty(await ReadSlotsAsync(connectionString));
    }

    private static FirePlan Plan(Job job, DateTimeOffset now, DateTimeOffset until)
    {
        var schedule = ScheduleCompiler.TryCompile(job.Definition.Schedule, job.CreatedAt, new List<FieldError>())!;
        return FirePlanner.Plan(schedule, job.NextFireAt!.Value, now, until, job.Definition.MisfirePolicy, MisfireOptions.Default);
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static Task<List<(Guid JobId, DateTimeOffset ScheduledAt)>> ReadSlotsAsync(string connectionString) =>
        Sql.QueryAsync(connectionString, "select job_id, scheduled_at from gnomon_execution_state order by job_id, scheduled_at",
            r => (r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1)));
}
