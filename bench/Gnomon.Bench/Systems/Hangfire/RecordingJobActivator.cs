using Gnomon.Bench.Measurement;
using Hangfire;

namespace Gnomon.Bench.Systems.Hangfire;

/// <summary>Hangfire's job activator for one run: builds <see cref="HangfireRecordingJob"/> with the run's recorder.</summary>
internal sealed class RecordingJobActivator(FireRecorder recorder) : JobActivator
{
    public override object ActivateJob(Type jobType) =>
        jobType == typeof(HangfireRecordingJob) ? new HangfireRecordingJob(recorder) : base.ActivateJob(jobType);
}
