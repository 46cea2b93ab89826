using System.Diagnostics;
using System.Globalization;
using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems;

/// <summary>
/// The sustained scenario for a scheduler that runs in this process and is driven through its .NET API (the peers):
/// one producer creates every-second jobs one call at a time until the budget is spent, with the scheduler already
/// running; after the warm-up and the window, the starts the job's own code recorded are the slots that ran.
/// </summary>
/// <remarks>
/// Neither peer keeps a record of a slot it did not run (Quartz's misfire handling and Hangfire's "relaxed" one
/// leave nothing behind), and Quartz keeps none of a fire once done, so the job's start is the one record both have.
/// The job records its start and returns, so a start is a success.
/// </remarks>
internal static class InProcessSustained
{
    public static async Task<SustainedRun> RunAsync(
        SustainedSpec spec, Func<int, CancellationToken, Task> createJob, FireRecorder recorder, string countedAs, CancellationToken cancellationToken)
    {
        var created = 0;
        var clock = Stopwatch.StartNew();
        while (created < spec.Jobs && clock.Elapsed < spec.CreateBudget)
        {
            await createJob(created, cancellationToken);
            created++;
        }

        var createSeconds = clock.Elapsed.TotalSeconds;
        var (from, to) = spec.WindowAfter(TimeProvider.System.GetUtcNow());
        await Task.Delay(spec.ReadAt(to) - TimeProvider.System.GetUtcNow(), cancellationToken);
        var recorded = recorder.Snapshot();
        var fires = PrecisionAnalysis.Analyse(recorded, created, from, to);
        return new SustainedRun(spec.Jobs, created, createSeconds, spec.WindowSeconds, WindowTally.FromFires(fires), ProcessMemory.PeakRssMiB(),
            Note(spec, created, countedAs, recorded, from, to));
    }

    private static string Note(SustainedSpec spec, int created, string countedAs, IReadOnlyList<Fire> recorded, DateTimeOffset from, DateTimeOffset to)
    {
        var creation = created < spec.Jobs
            ? string.Create(CultureInfo.InvariantCulture, $"creation stopped when the {spec.CreateBudget.TotalSeconds:0} s budget was spent, at {created:N0} of {spec.Jobs:N0} jobs")
            : "every job was created within the budget";
        // What the job ran while the window's slots waited: a scheduler far behind is busy with older slots.
        var busy = recorded.Where(f => f.Started >= from && f.Started < spec.ReadAt(to)).Select(f => f.LagMs).Order().ToList();
        var busyWith = busy.Count == 0
            ? "from the window's start to then its code never started"
            : string.Create(CultureInfo.InvariantCulture, $"from the window's start to then its code started {busy.Count:N0} times, for slots a median {Percentiles.Of(busy, 50) / 1000:0.0} s old");
        return $"one producer, one call per job; {creation}; {countedAs}, within {spec.GraceSeconds} s after the window; {busyWith}";
    }
}
