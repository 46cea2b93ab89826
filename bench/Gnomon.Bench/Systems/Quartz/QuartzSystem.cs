using System.Diagnostics;
using Gnomon.Bench.Measurement;
using Quartz;

namespace Gnomon.Bench.Systems.Quartz;

/// <summary>Quartz.NET in this process, over its own <see cref="IScheduler"/> API.</summary>
/// <remarks>
/// <para>
/// Configuration, as PEERS.md describes it: the ADO.NET job store on PostgreSQL (<c>UsePostgres</c>, which selects
/// the PostgreSQL delegate), clustered (<c>UseClustering</c>, instance id generated), the default thread pool with
/// <see cref="QuartzNode.MaxConcurrency"/> = 20 jobs at once (Quartz's default is 10), and the schema created by
/// Quartz itself (<c>ProvisionSchema</c>) on the fresh database. Everything else is Quartz's default: misfire
/// threshold 60 s, acquisition batch = thread count, idle wait 30 s, cluster check-in 7.5 s, lock on insert,
/// System.Text.Json job data, "smart" misfire instructions (a cron trigger fires once now, a one-off fires now).
/// </para>
/// <para>
/// The misfire threshold stays at 60 s. In precision and scale no trigger is that late unless Quartz itself falls
/// behind (as it does at 1,000 every-second jobs), and then its misfire handling is part of what is measured. In
/// throughput the backlog is late by design: at N = 5,000 the last trigger is about 35 s late when it fires at
/// PEERS.md's rates, and on a slower or busier machine some pass 60 s and go through misfire handling, which for a
/// one-off trigger means "fire now" — part of how Quartz drains a backlog, as in PEERS.md's 20,000-job runs.
/// </para>
/// <para>
/// Lag is the start of the job's code minus <c>ScheduledFireTimeUtc</c>, the cron slot. Precision and scale start
/// the scheduler before creating the jobs (one <c>ScheduleJob</c> call each, a job and its cron trigger in UTC), so no
/// trigger is born already due. Throughput schedules N one-off jobs (a non-durable job and a simple trigger starting
/// now, one <c>ScheduleJob</c> call each) into a scheduler still in standby, then starts it; the drain ends when the
/// store holds none of those jobs (<c>QueryJobs</c> with a total count), since Quartz deletes a non-durable job in
/// the transaction that completes its only trigger.
/// </para>
/// </remarks>
internal sealed class QuartzSystem : ISystemUnderTest
{
    private const string PrecisionGroup = "precision";
    private const string ThroughputGroup = "throughput";
    private const string ScaleGroup = "scale";
    private const string SustainedGroup = "sustained";

    private QuartzNode? _node;

    public string Name => $"Quartz.NET {LibraryVersion.Of(typeof(IScheduler))}";

    public async Task StartPrecisionAsync(PrecisionSpec spec, string connectionString, FireRecorder recorder, CancellationToken cancellationToken)
    {
        _node = await QuartzNode.CreateAsync(connectionString, recorder, cancellationToken);
        await _node.Scheduler.Start(cancellationToken);
        for (var i = 0; i < spec.Jobs; i++)
        {
            await ScheduleRecordingJobAsync(_node.Scheduler, PrecisionGroup, i, "* * * * * ?", cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _node = null;
        }
    }

    public async Task<ThroughputRun> RunThroughputAsync(int count, string connectionString, CancellationToken cancellationToken)
    {
        await using var node = await QuartzNode.CreateAsync(connectionString, null, cancellationToken);
        var scheduler = node.Scheduler;
        var enqueue = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var name = JobName(ThroughputGroup, i);
            await scheduler.ScheduleJob(
                JobBuilder.Create<QuartzNoopJob>().WithIdentity(name, ThroughputGroup).Build(),
                TriggerBuilder.Create(scheduler.TimeProvider).WithIdentity(name, ThroughputGroup).StartNow().Build(),
                cancellationToken: cancellationToken);
        }

        enqueue.Stop();
        var remaining = new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ThroughputGroup), Take = 1, IncludeTotalCount = true };
        return await DrainMeasurement.MeasureAsync(
            count,
            enqueue.Elapsed.TotalSeconds,
            async ct => await scheduler.Start(ct),
            async ct => count - (await scheduler.QueryJobs(remaining, ct)).TotalCount!.Value,
            cancellationToken);
    }

    public async Task<ScaleRun> RunScaleAsync(ScaleSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        var recorder = new FireRecorder();
        await using var node = await QuartzNode.CreateAsync(connectionString, recorder, cancellationToken);
        var scheduler = node.Scheduler;
        await scheduler.Start(cancellationToken);
        var firstPage = new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ScaleGroup), Take = 50 };
        var operations = new ScaleOperations(
            (i, ct) => ScheduleRecordingJobAsync(scheduler, ScaleGroup, i, ScaleMix.Of(i).QuartzCron, ct),
            async (i, ct) => await scheduler.GetJobDetail(new JobKey(JobName(ScaleGroup, i), ScaleGroup), ct),
            async ct => await scheduler.QueryJobs(firstPage, ct),
            "get is IScheduler.GetJobDetail by key (the job, not its trigger); list is IScheduler.QueryJobs, the first page of 50 job headers of the group");
        return await InProcessScale.RunAsync(spec, operations, recorder, cancellationToken);
    }

    public async Task<SustainedRun> RunSustainedAsync(SustainedSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        var recorder = new FireRecorder();
        await using var node = await QuartzNode.CreateAsync(connectionString, recorder, cancellationToken);
        var scheduler = node.Scheduler;
        await scheduler.Start(cancellationToken);
        return await InProcessSustained.RunAsync(
            spec,
            (i, ct) => ScheduleRecordingJobAsync(scheduler, SustainedGroup, i, "* * * * * ?", ct),
            recorder,
            "a slot counts when the job's code started for its ScheduledFireTimeUtc",
            cancellationToken);
    }

    private static async Task ScheduleRecordingJobAsync(IScheduler scheduler, string group, int index, string cron, CancellationToken cancellationToken)
    {
        var name = JobName(group, index);
        await scheduler.ScheduleJob(
            JobBuilder.Create<QuartzRecordingJob>().WithIdentity(name, group).UsingJobData(QuartzRecordingJob.JobIndexKey, index).Build(),
            TriggerBuilder.Create(scheduler.TimeProvider)
                .WithIdentity(name, group)
                .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(TimeZoneInfo.Utc))
                .StartNow()
                .Build(),
            cancellationToken: cancellationToken);
    }

    private static string JobName(string group, int index) => $"{group}-{index:D7}";
}
