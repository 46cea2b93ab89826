using System.Diagnostics;
using Gnomon.Bench.Measurement;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace Gnomon.Bench.Systems.Hangfire;

/// <summary>Hangfire with Hangfire.PostgreSql in this process, over Hangfire's own client, manager and storage APIs.</summary>
/// <remarks>
/// <para>
/// Configuration, as PEERS.md describes it: <c>PostgreSqlStorage</c> with <c>PrepareSchemaIfNecessary</c> (the
/// storage installs its own schema on the fresh database), one <c>BackgroundJobServer</c> with
/// <see cref="HangfireNode.WorkerCount"/> = 20 workers (Hangfire's default is 10). Precision and scale lower the
/// server's <c>SchedulePollingInterval</c> from 15 s to <see cref="HangfireNode.SecondLevelSchedulePolling"/> = 1 s:
/// with 15 s the recurring-job scheduler looks for due jobs four times a minute and most every-second slots are never
/// run, so the comparison would measure the polling interval; PEERS.md lowers it to 1 s for the same reason, and scale
/// watches second-granular slots too. Throughput keeps 15 s, since it enqueues jobs straight onto the queue and no
/// scheduler is involved. Everything else is the default: queue poll interval 15 s (an enqueue in this process wakes
/// the workers at once, so it does not delay a drain), invisibility timeout 30 min, recurring misfire handling
/// "relaxed", data compatibility level 1.1, the default job filters (automatic retry and the rest).
/// </para>
/// <para>
/// Lag is the start of the job's code minus the slot its run was created for. Hangfire 1.8 tells a recurring run
/// one thing about that: its <c>Time</c> parameter, the whole second of the recurring-job scheduler's clock when it
/// took the due job up, which under load can be seconds before the run is created. The job takes its slot to be
/// the latest occurrence of its own cron at or before that second (<see cref="HangfireRecordingJob"/>): for an
/// every-second cron the second itself, PEERS.md's "second boundary the run belongs to". A pass that finds a job
/// several slots behind creates one run for all of them (the default "relaxed" misfire handling); that run counts
/// for the latest slot and the earlier ones count as not achieved, so when the scheduler falls behind much of it
/// shows as missed fires rather than as lag.
/// </para>
/// <para>
/// Throughput enqueues N fire-and-forget jobs (<c>IBackgroundJobClient.Enqueue</c>, one call each) with no server
/// running, then starts the server; the drain ends when the monitoring API's succeeded count reaches N.
/// </para>
/// </remarks>
internal sealed class HangfireSystem : ISystemUnderTest
{
    private HangfireNode? _node;

    public string Name => $"Hangfire {LibraryVersion.Of(typeof(BackgroundJobServer))}";

    public Task StartPrecisionAsync(PrecisionSpec spec, string connectionString, FireRecorder recorder, CancellationToken cancellationToken)
    {
        _node = HangfireNode.Start(HangfireNode.OpenStorage(connectionString), HangfireNode.SecondLevelSchedulePolling, recorder);
        var manager = new RecurringJobManager(_node.Storage);
        for (var i = 0; i < spec.Jobs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            manager.AddOrUpdate($"precision-{i:D7}", Job.FromExpression<HangfireRecordingJob>(job => job.RunEverySecond(i, null)), "* * * * * *", new RecurringJobOptions());
        }

        return Task.CompletedTask;
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
        var storage = HangfireNode.OpenStorage(connectionString);
        var client = new BackgroundJobClient(storage);
        var enqueue = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            client.Enqueue(() => HangfireNoopJob.Run());
        }

        enqueue.Stop();
        var monitoring = storage.GetMonitoringApi();
        HangfireNode? node = null;
        try
        {
            return await DrainMeasurement.MeasureAsync(
                count,
                enqueue.Elapsed.TotalSeconds,
                ct =>
                {
                    node = HangfireNode.Start(storage, schedulePolling: null, recorder: null);
                    return Task.CompletedTask;
                },
                ct => Task.FromResult((int)monitoring.SucceededListCount()),
                cancellationToken);
        }
        finally
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
    }

    public async Task<ScaleRun> RunScaleAsync(ScaleSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        var recorder = new FireRecorder();
        await using var node = HangfireNode.Start(HangfireNode.OpenStorage(connectionString), HangfireNode.SecondLevelSchedulePolling, recorder);
        var manager = new RecurringJobManager(node.Storage);
        var operations = new ScaleOperations(
            (i, ct) =>
            {
                manager.AddOrUpdate(ScaleId(i), Job.FromExpression<HangfireRecordingJob>(job => job.RunScaleMix(i, null)), ScaleMix.Of(i).Cron6, new RecurringJobOptions());
                return Task.CompletedTask;
            },
            (i, ct) =>
            {
                using var connection = node.Storage.GetConnection();
                _ = connection.GetRecurringJobs([ScaleId(i)]);
                return Task.CompletedTask;
            },
            ct =>
            {
                using var connection = (JobStorageConnection)node.Storage.GetConnection();
                _ = connection.GetRecurringJobs(0, 49);
                return Task.CompletedTask;
            },
            "get is GetRecurringJobs for one id on a storage connection; list is GetRecurringJobs(0, 49), the dashboard's first page of 50");
        return await InProcessScale.RunAsync(spec, operations, recorder, cancellationToken);
    }

    public async Task<SustainedRun> RunSustainedAsync(SustainedSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        var recorder = new FireRecorder();
        await using var node = HangfireNode.Start(HangfireNode.OpenStorage(connectionString), HangfireNode.SecondLevelSchedulePolling, recorder);
        var manager = new RecurringJobManager(node.Storage);
        return await InProcessSustained.RunAsync(
            spec,
            (i, ct) =>
            {
                manager.AddOrUpdate($"sustained-{i:D7}", Job.FromExpression<HangfireRecordingJob>(job => job.RunEverySecond(i, null)), "* * * * * *", new RecurringJobOptions());
                return Task.CompletedTask;
            },
            recorder,
            "a slot counts when the job's code started for the second its recurring-job scheduler took it up",
            cancellationToken);
    }

    private static string ScaleId(int index) => $"scale-{index:D7}";
}
