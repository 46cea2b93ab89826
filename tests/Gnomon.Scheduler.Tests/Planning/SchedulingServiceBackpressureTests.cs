using System.Diagnostics.Metrics;
using System.Globalization;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Scheduler;
using Gnomon.Scheduler.Partitions;
using Gnomon.Scheduler.Planning;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Scheduler.Tests.Planning;

/// <summary>
/// Scheduler:MaxBacklog with no worker draining: the scheduler stops at the bound, and once the backlog clears it writes
/// the slots it is now too late for as overloaded misfires. The clock is fake and runs ten minutes behind the
/// database's, so every slot written is due by the database's now() at once. A pass runs at a chosen instant: the clock
/// is moved only while the loop waits on its timer, so the pass that timer starts is the first to read the new time.
/// </summary>
public sealed class SchedulingServiceBackpressureTests
{
    private const int MaxBacklog = 100;
    private const int BatchSize = 25;
    private const int JobCount = 200;
    private const string RunOnce = "misfirePolicy runOnce runs only the latest missed slot";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduler:MaxBacklog"] = MaxBacklog.ToString(CultureInfo.InvariantCulture),
        ["Scheduler:BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["Scheduler:Lookahead"] = "00:00:02",
        ["Scheduler:MisfireThreshold"] = "00:00:05",
    };

    /// <param name="writers">Scheduler:WriteConcurrency: the batches of one round, written at once; the bound is checked per round.</param>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ExecuteAsync_BacklogAtTheBound_HoldsBackThenShedsOverloadedSlotsByPolicyAndResumes(int writers)
    {
        var start = WholeSecondTenMinutesAgo();
        var clock = new TimerCountingClock(start.AddSeconds(0.5));
        var connectionString = await TestDatabase.CreateAsync();
        await using var master = await CreateMasterAsync(connectionString, clock, writers);
        var jobs = await CreateEverySecondJobsAsync(master, JobCount, start.AddSeconds(1));
        using var meters = new Meters(master.Get<IMeterFactory>());

        // At :00.5 every job is due (:01 and :02 within the lookahead). Two batches of 25 jobs write 100 slots, the bound.
        // The pass is held twice at :00.5: once after those batches, once more when the notification listener connects.
        await master.StartAsync<SchedulingService>();
        var held = await WaitForHoldAsync(meters, 1);
        var pending = await CountAsync(connectionString, ExecutionStatus.Pending);
        Assert.InRange(pending, MaxBacklog, MaxBacklog + (BatchSize * 2));
        Assert.Equal(pending, meters.FiresWritten());
        // The jobs not written stay queued as they were: their next fire is untouched.
        Assert.Equal(JobCount - (pending / 2), await JobsWithNextFireAsync(connectionString, start.AddSeconds(1)));

        // A quarter of a second later the backlog is counted again: still at the bound, nothing more is written.
        held = await PassAtAsync(clock, meters, start.AddSeconds(0.75), held);
        Assert.Equal(MaxBacklog, meters.Backlog());
        Assert.Equal(pending, await CountAsync(connectionString, ExecutionStatus.Pending));

        // Ten seconds on the jobs are still held back, ten seconds behind their first slot; still nothing is written.
        held = await PassAtAsync(clock, meters, start.AddSeconds(11), held);
        Assert.Equal(10.0, meters.Lag(), 3);
        Assert.Equal(pending, await CountAsync(connectionString, ExecutionStatus.Pending));
        Assert.Equal(0, await CountAsync(connectionString, ExecutionStatus.Skipped));

        // Workers catch up (the backlog is cleared): at :11.3 the oldest jobs come first. Slots before :06.3 are missed;
        // runOnce runs :06 and skips :01 … :05 as overloaded; :07 … :13 run. One round (a batch of 25 jobs per writer)
        // reaches the bound again.
        await Sql.ExecuteAsync(connectionString, "delete from gnomon_dispatch; delete from gnomon_executions");
        await PassAtAsync(clock, meters, start.AddSeconds(11.3), held);

        var rows = await Sql.QueryAsync(connectionString, "select job_id, scheduled_at, status, reason from gnomon_execution_state order by job_id, scheduled_at",
            r => (JobId: r.GetGuid(0), ScheduledAt: r.GetFieldValue<DateTimeOffset>(1), Status: (ExecutionStatus)r.GetInt16(2), Reason: r.IsDBNull(3) ? null : r.GetString(3)));
        var written = rows.GroupBy(r => r.JobId).ToList();
        Assert.Equal(BatchSize * writers, written.Count);
        foreach (var job in written)
        {
            Assert.Equal(Enumerable.Range(1, 13).Select(s => start.AddSeconds(s)), job.Select(r => r.ScheduledAt));
            var skipped = job.Where(r => r.Status == ExecutionStatus.Skipped).ToList();
            Assert.Equal(Enumerable.Range(1, 5).Select(s => start.AddSeconds(s)), skipped.Select(r => r.ScheduledAt));
            Assert.All(skipped, r => Assert.Equal(OverloadedReason(string.Create(CultureInfo.InvariantCulture, $"{11.3 - (r.ScheduledAt - start).TotalSeconds:0.0} s"), RunOnce), r.Reason));
            Assert.Equal(Enumerable.Range(6, 8).Select(s => start.AddSeconds(s)), job.Where(r => r.Status == ExecutionStatus.Pending).Select(r => r.ScheduledAt));
        }

        Assert.Equal(OverloadedReason("10.3 s", RunOnce), rows.First(r => r.ScheduledAt == start.AddSeconds(1)).Reason);
        Assert.Equal((BatchSize * writers * 5, 0), meters.SlotsShed());
        Assert.Equal(pending + (BatchSize * writers * 8), meters.FiresWritten());
        Assert.Equal(BatchSize * writers, await JobsWithNextFireAsync(connectionString, start.AddSeconds(14)));
        Assert.True(jobs.IsSupersetOf(written.Select(g => g.Key)));
    }

    [Fact]
    public async Task ExecuteAsync_SlotsDueBeforeThePartitionWasWatched_SayNoSchedulerWasRunning()
    {
        var start = WholeSecondTenMinutesAgo();
        var clock = new FakeTimeProvider(start.AddSeconds(0.5));
        var connectionString = await TestDatabase.CreateAsync();
        await using var master = await CreateMasterAsync(connectionString, clock);
        // A minute of slots fell due before this scheduler started: :-60 … :-5 are missed at :00.5.
        await CreateEverySecondJobsAsync(master, 1, start.AddSeconds(-60));
        using var meters = new Meters(master.Get<IMeterFactory>());

        await master.StartAsync<SchedulingService>();
        await Eventually.WaitAsync(() => Task.FromResult(meters.FiresWritten()), n => n > 0, "the first pass");

        var skipped = await Sql.QueryAsync(connectionString, "select reason from gnomon_execution_state where status = $1", r => r.GetString(0), (short)ExecutionStatus.Skipped);
        Assert.Equal(55, skipped.Count);
        Assert.All(skipped, reason => Assert.Equal("misfire: missed while no scheduler was running; " + RunOnce, reason));
        Assert.Equal((0, 55), meters.SlotsShed());
        // :-5 (the latest missed slot), then :-4 … :02 run: eight slots, written at once; the scheduler is on time again.
        Assert.Equal(8, meters.FiresWritten());
        Assert.Equal(0, meters.Lag());
        Assert.Equal(0, meters.HeldBack());
    }

    private static string OverloadedReason(string late, string policy) =>
        $"misfire: overloaded, {late} late: the system was behind its schedule while a scheduler was running "
        + $"(new slots are held back while Scheduler:MaxBacklog = {MaxBacklog} due executions wait for a worker); {policy}";

    private static DateTimeOffset WholeSecondTenMinutesAgo()
    {
        var real = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(real.Ticks - (real.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(-10);
    }

    private static async Task<TestNode> CreateMasterAsync(string connectionString, FakeTimeProvider clock, int writers = 2)
    {
        var fence = await TestPartitions.TakeAllAsync(connectionString, Guid.CreateVersion7());
        return TestNode.Create(connectionString, services => services.AddSingleton<IPartitionOwnership>(new HeldPartitions(fence)).AddGnomonScheduler(),
            new Dictionary<string, string?>(Settings) { ["Scheduler:WriteConcurrency"] = writers.ToString(CultureInfo.InvariantCulture) }, clock);
    }

    private static async Task<HashSet<Guid>> CreateEverySecondJobsAsync(TestNode master, int count, DateTimeOffset firstFire)
    {
        var definition = TestJobs.Definition("every-second", schedule: new ScheduleSpec { Cron = "* * * * * *" }) with { MisfirePolicy = MisfirePolicy.RunOnce };
        var created = await master.Get<JobStore>().CreateManyAsync(
            [.. Enumerable.Range(0, count).Select(i => new NewJob(Guid.CreateVersion7(), definition with { Name = $"every-second-{i}" }, firstFire))],
            CancellationToken.None);
        Assert.True(created.Succeeded);
        return [.. created.Created.Select(j => j.Id)];
    }

    /// <summary>Once the loop waits on its timer, moves the clock to <paramref name="at"/> (firing it) and waits for that pass to be held back.</summary>
    private static async Task<long> PassAtAsync(TimerCountingClock clock, Meters meters, DateTimeOffset at, long held)
    {
        await Eventually.WaitAsync(() => Task.FromResult(clock.ActiveTimers), n => n > 0, "the scheduling loop to wait on its timer", TimeSpan.FromSeconds(20));
        clock.Advance(at - clock.GetUtcNow());
        return await WaitForHoldAsync(meters, held);
    }

    /// <summary>Waits for a pass held back by the bound after the <paramref name="seen"/> counted so far; returns the new count.</summary>
    private static Task<long> WaitForHoldAsync(Meters meters, long seen) =>
        Eventually.WaitAsync(() => Task.FromResult(meters.HeldBack()), n => n > seen, "a pass held back by the backlog bound", TimeSpan.FromSeconds(20));

    private static Task<long> CountAsync(string connectionString, ExecutionStatus status) =>
        Sql.ScalarAsync<long>(connectionString, "select count(*) from gnomon_execution_state where status = $1", (short)status);

    private static Task<long> JobsWithNextFireAsync(string connectionString, DateTimeOffset at) =>
        Sql.ScalarAsync<long>(connectionString, "select count(*) from gnomon_job_fires where next_fire_at = $1", at);

    /// <summary>A fake clock that knows whether a timer is waiting on it (the scheduling loop's is the only one in these tests).</summary>
    private sealed class TimerCountingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _active;

        public int ActiveTimers => Volatile.Read(ref _active);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _active);
            return new CountedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class CountedTimer(ITimer inner, TimerCountingClock clock) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                Release();
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Release();
                return inner.DisposeAsync();
            }

            private void Release()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref clock._active);
                }
            }
        }
    }

    /// <summary>The scheduler's instruments as a scrape reads them.</summary>
    private sealed class Meters(IMeterFactory factory) : IDisposable
    {
        private readonly MetricCollector<long> _firesWritten = new(factory, SchedulerMetrics.MeterName, "fires_written");
        private readonly MetricCollector<long> _slotsShed = new(factory, SchedulerMetrics.MeterName, "slots_shed");
        private readonly MetricCollector<long> _heldBack = new(factory, SchedulerMetrics.MeterName, "held_back");
        private readonly MetricCollector<long> _backlog = new(factory, SchedulerMetrics.MeterName, "backlog");
        private readonly MetricCollector<double> _lag = new(factory, SchedulerMetrics.MeterName, "lag");

        public long FiresWritten() => Last(_firesWritten);

        public long HeldBack() => Last(_heldBack);

        public long Backlog() => Last(_backlog);

        public double Lag() => Last(_lag);

        public (long Overloaded, long NoScheduler) SlotsShed()
        {
            _slotsShed.RecordObservableInstruments();
            var byReason = _slotsShed.GetMeasurementSnapshot(clear: true).ToDictionary(m => (string)m.Tags["reason"]!, m => m.Value);
            return (byReason[SchedulerMetrics.OverloadedReason], byReason[SchedulerMetrics.NoSchedulerReason]);
        }

        public void Dispose()
        {
            _firesWritten.Dispose();
            _slotsShed.Dispose();
            _heldBack.Dispose();
            _backlog.Dispose();
            _lag.Dispose();
        }

        private static T Last<T>(MetricCollector<T> collector)
            where T : struct
        {
            collector.RecordObservableInstruments();
            return collector.LastMeasurement?.Value ?? throw new InvalidOperationException($"{collector.Instrument?.Name ?? "the instrument"} was not observed");
        }
    }
}
