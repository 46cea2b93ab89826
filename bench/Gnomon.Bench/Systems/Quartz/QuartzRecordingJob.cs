using Gnomon.Bench.Measurement;
using Quartz;

namespace Gnomon.Bench.Systems.Quartz;

/// <summary>
/// The precision and scale scenarios' job: records that it started, for which job and slot, and does nothing else.
/// Quartz's default job factory builds it from the scheduler's container, where <see cref="QuartzNode"/> put the
/// run's <see cref="FireRecorder"/>.
/// </summary>
internal sealed class QuartzRecordingJob(FireRecorder recorder) : IJob
{
    /// <summary>The job-data key holding the job's index in the scenario.</summary>
    public const string JobIndexKey = "job";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // ScheduledFireTimeUtc is the cron slot this fire belongs to, as PEERS.md defines Quartz's lag.
        recorder.Record(context.MergedJobDataMap.GetInt(JobIndexKey), context.ScheduledFireTimeUtc!.Value);
        return ValueTask.CompletedTask;
    }
}
