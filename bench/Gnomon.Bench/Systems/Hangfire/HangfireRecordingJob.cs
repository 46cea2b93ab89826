using Gnomon.Bench.Measurement;
using Hangfire.Server;

namespace Gnomon.Bench.Systems.Hangfire;

/// <summary>
/// The precision and scale scenarios' job: records that it started, for which job and slot, and does nothing else.
/// Built for each run by <see cref="RecordingJobActivator"/>, which hands it the run's <see cref="FireRecorder"/>.
/// </summary>
/// <remarks>
/// Hangfire tells a recurring run only the whole second at which its scheduler took the due job up (the <c>Time</c>
/// parameter). The slot is the job's last cron occurrence at or before that second: the second itself for an
/// every-second job, and for a job of the scale mix the occurrence the scheduler found due, even when it got to it
/// a second or more late.
/// </remarks>
internal sealed class HangfireRecordingJob(FireRecorder recorder)
{
    /// <summary>The background-job parameter the recurring-job scheduler sets: when it took the job up, in whole Unix seconds.</summary>
    public const string TakenUpParameter = "Time";

    /// <summary>The run of an every-second job; Hangfire passes the run's <see cref="PerformContext"/> in place of null.</summary>
    public void RunEverySecond(int job, PerformContext? context)
    {
        var started = recorder.Now();
        recorder.Record(job, TakenUpSecond(context), started);
    }

    /// <summary>The run of job <paramref name="job"/> of <see cref="ScaleMix"/>.</summary>
    public void RunScaleMix(int job, PerformContext? context)
    {
        var started = recorder.Now();
        recorder.Record(job, ScaleMix.Of(job).LatestAtOrBefore(TakenUpSecond(context)), started);
    }

    // Read after the start is taken, since it may be a round trip to the storage.
    private static DateTimeOffset TakenUpSecond(PerformContext? context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DateTimeOffset.FromUnixTimeSeconds(context.GetJobParameter<long>(TakenUpParameter, allowStale: true));
    }
}
