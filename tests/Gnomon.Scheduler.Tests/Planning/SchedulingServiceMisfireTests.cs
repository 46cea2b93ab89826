using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Scheduler.Partitions;
using Gnomon.Scheduler.Planning;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Scheduler.Tests.Planning;

/// <summary>A job whose next slot is an hour old, as after an outage of every master; the clock is fake, so one pass is exactly one pass.</summary>
public sealed class SchedulingServiceMisfireTests
{
    private const int RunAllCap = 10;

    [Fact]
    public async Task ExecuteAsync_RunOnceAfterOutage_RunsLatestMissedSlotAndRecordsTheRestAsSkipped()
    {
        var (minute, rows) = await RunOnePassAsync(MisfirePolicy.RunOnce);

        Assert.Equal(60, rows.Count);
        var pending = Assert.Single(rows, r => r.Status == ExecutionStatus.Pending);
        Assert.Equal(minute, pending.ScheduledAt);
        AssertSkippedAsMisfires(rows.Where(r => r.Status != ExecutionStatus.Pending), 59);
    }

    [Fact]
    public async Task ExecuteAsync_SkipAfterOutage_RunsNoMissedSlot()
    {
        var (_, rows) = await RunOnePassAsync(MisfirePolicy.Skip);

        Assert.Equal(60, rows.Count);
        AssertSkippedAsMisfires(rows, 60);
    }

    [Fact]
    public async Task ExecuteAsync_RunAllAfterOutage_RunsLatestMissedSlotsUpToCap()
    {
        var (minute, rows) = await RunOnePassAsync(MisfirePolicy.RunAll);

        Assert.Equal(60, rows.Count);
        var pending = rows.Where(r => r.Status == ExecutionStatus.Pending).Select(r => r.ScheduledAt).ToList();
        Assert.Equal(Enumerable.Range(0, RunAllCap).Select(i => minute.AddMinutes(i - RunAllCap + 1)), pending);
        AssertSkippedAsMisfires(rows.Where(r => r.Status != ExecutionStatus.Pending), 60 - RunAllCap);
        Assert.True(rows.Where(r => r.Status == ExecutionStatus.Skipped).Max(r => r.ScheduledAt) < pending.Min());
    }

    private static void AssertSkippedAsMisfires(IEnumerable<Row> rows, int count)
    {
        var skipped = rows.ToList();
        Assert.Equal(count, skipped.Count);
        Assert.All(skipped, r =>
        {
            Assert.Equal(ExecutionStatus.Skipped, r.Status);
            Assert.Contains("misfire", r.Reason, StringComparison.Ordinal);
            Assert.True(r.Finished);
        });
    }

    /// <summary>Runs one scheduling pass at hh:mm:30 over a minutely job whose next slot is 59½ minutes old; returns hh:mm and the rows written.</summary>
    private static async Task<(DateTimeOffset Minute, List<Row> Rows)> RunOnePassAsync(MisfirePolicy policy)
    {
        var real = TimeProvider.System.GetUtcNow();
        var minute = new DateTimeOffset(real.Ticks - (real.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var clock = new FakeTimeProvider(minute.AddSeconds(30));
        var connectionString = await TestDatabase.CreateAsync();
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        await using var master = TestNode.Create(connectionString, services => services.AddSingleton<IPartitionOwnership>(new HeldPartitions(fence)).AddGnomonScheduler(),
            new Dictionary<string, string?> { ["Scheduler:RunAllCap"] = RunAllCap.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            clock);
        var definition = TestJobs.Definition("minutely", schedule: new ScheduleSpec { Cron = "0 * * * * *" }) with { MisfirePolicy = policy };
        var job = await TestJobs.CreateAsync(master.Get<JobStore>(), definition, minute.AddMinutes(1));
        // next_fire_at is always a slot of the schedule: the slot about an hour before now.
        await Sql.ExecuteAsync(connectionString, "update gnomon_job_fires set next_fire_at = $2 where job_id = $1", job.Id, minute.AddMinutes(-59));

        await master.StartAsync<SchedulingService>();
        await Eventually.WaitAsync(
            async () => (await master.Get<JobStore>().GetNextFiresAsync([job.Id], CancellationToken.None)).GetValueOrDefault(job.Id) == minute.AddMinutes(1),
            "the pass to advance the job", TimeSpan.FromSeconds(10));
        await master.StopAsync();

        var rows = await Sql.QueryAsync(connectionString,
            "select scheduled_at, status, reason, finished_at is not null from gnomon_execution_state where job_id = $1 order by scheduled_at",
            r => new Row(r.GetFieldValue<DateTimeOffset>(0), (ExecutionStatus)r.GetInt16(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetBoolean(3)),
            job.Id);
        // Every missed slot of the hour is accounted for: minute−59 … minute.
        Assert.Equal(Enumerable.Range(0, 60).Select(i => minute.AddMinutes(i - 59)), rows.Select(r => r.ScheduledAt));
        return (minute, rows);
    }

    private sealed record Row(DateTimeOffset ScheduledAt, ExecutionStatus Status, string? Reason, bool Finished);
}
