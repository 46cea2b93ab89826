using Gnomon.Scheduler.Retention;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Scheduler.Tests.Retention;

public sealed class RetentionServiceTests
{
    [Fact]
    public async Task PurgeOnceAsync_MixedExecutions_DeletesOnlyThoseFinishedBeforeCutoffWithTheirAttempts()
    {
        var connectionString = await TestDatabase.CreateAsync();
        // The clock agrees with the database's; retention is one hour, deleted two at a time to cross batch boundaries.
        await using var master = TestNode.Create(connectionString, services => services.AddGnomonScheduler(),
            new Dictionary<string, string?> { ["Scheduler:Retention"] = "01:00:00", ["Scheduler:RetentionBatchSize"] = "2" },
            new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var job = await TestJobs.CreateAsync(master.Get<JobStore>(), TestJobs.Definition("retained"));

        var old = new List<Guid>();
        foreach (var status in new short[] { 3, 4, 5, 6, 7 })
        {
            old.Add(await InsertAsync(connectionString, job.Id, status, startedAgo: "3 hours", finishedAgo: "2 hours"));
        }

        var kept = new List<Guid>
        {
            await InsertAsync(connectionString, job.Id, 3, startedAgo: "2 hours", finishedAgo: "30 minutes"),
            await InsertAsync(connectionString, job.Id, 2, startedAgo: "3 hours", finishedAgo: null),
            await InsertAsync(connectionString, job.Id, 0, startedAgo: null, finishedAgo: null),
        };

        var deleted = await master.Get<RetentionService>().PurgeOnceAsync(CancellationToken.None);

        Assert.Equal(old.Count, deleted);
        var remaining = await Sql.QueryAsync(connectionString, "select id from gnomon_execution_state", r => r.GetGuid(0));
        Assert.Equal(kept.ToHashSet(), remaining.ToHashSet());
        var attemptsOf = await Sql.QueryAsync(connectionString, "select execution_id from gnomon_execution_attempts", r => r.GetGuid(0));
        Assert.Equal(kept.Take(2).ToHashSet(), attemptsOf.ToHashSet());
        Assert.Equal(2, attemptsOf.Count);
        Assert.Equal(0, await master.Get<RetentionService>().PurgeOnceAsync(CancellationToken.None));
    }

    /// <summary>An execution with one attempt row when it started.</summary>
    private static async Task<Guid> InsertAsync(string connectionString, Guid jobId, short status, string? startedAgo, string? finishedAgo)
    {
        // Made when its slot was written, four hours ago: retention walks the history by id, which orders by creation.
        var id = Guid.CreateVersion7(TimeProvider.System.GetUtcNow().AddHours(-4));
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts,
                attempt, started_at, finished_at)
            values ($1, $2, 'retained', 1, now() - interval '4 hours', now() - interval '4 hours', $3, 0, 'default', 1,
                case when $4::interval is null then 0 else 1 end, now() - $4::interval, now() - $5::interval)
            """, id, jobId, status, startedAgo, finishedAgo);
        await TestDispatch.LiftLiveRowsAsync(connectionString);
        if (startedAgo is not null)
        {
            await Sql.ExecuteAsync(connectionString, """
                insert into gnomon_execution_attempts (execution_id, attempt, started_at, finished_at, status)
                select id, 1, started_at, finished_at, status from gnomon_execution_state where id = $1
                """, id);
        }

        return id;
    }
}
