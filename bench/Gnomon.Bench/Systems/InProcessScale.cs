using System.Diagnostics;
using System.Globalization;
using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems;

/// <summary>
/// The scale scenario for a scheduler that runs in this process and is driven through its .NET API (the peers):
/// one producer creates jobs one call at a time until the budget is spent, get and list are sampled, then the
/// fires of a whole-second window are counted from the recording job and compared with <see cref="ScaleMix"/>.
/// </summary>
/// <remarks>
/// The scheduler is already running when creation starts, as Gnomon's node is: a scheduler started only after a
/// two-minute creation would open the watch with a burst of misfire handling for the slots it slept through, which
/// is a start-up artefact rather than the steady state the window is meant to see.
/// </remarks>
internal static class InProcessScale
{
    /// <summary>How long after the window's end late fires may still arrive, as in the precision scenario.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static async Task<ScaleRun> RunAsync(ScaleSpec spec, ScaleOperations operations, FireRecorder recorder, CancellationToken cancellationToken)
    {
        var created = 0;
        var clock = Stopwatch.StartNew();
        while (created < spec.Jobs && clock.Elapsed < spec.CreateBudget)
        {
            await operations.CreateJob(created, cancellationToken);
            created++;
        }

        var createSeconds = clock.Elapsed.TotalSeconds;
        var random = new Random(42);
        var gets = await LatencySampler.SortedMillisecondsAsync(spec.Samples, (_, ct) => operations.ReadJob(random.Next(created), ct), cancellationToken);
        var lists = await LatencySampler.SortedMillisecondsAsync(spec.Samples, (_, ct) => operations.ListPage(ct), cancellationToken);

        var from = WholeSeconds.After(TimeProvider.System.GetUtcNow().AddSeconds(1));
        var to = from.AddSeconds(spec.FireSeconds);
        await Task.Delay(to + Grace - TimeProvider.System.GetUtcNow(), cancellationToken);
        var fires = PrecisionAnalysis.Analyse(recorder.Snapshot(), created, from, to);
        var creation = created < spec.Jobs
            ? string.Create(CultureInfo.InvariantCulture, $"creation stopped when the {spec.CreateBudget.TotalSeconds:0} s budget was spent, at {created:N0} of {spec.Jobs:N0} jobs")
            : "every job was created within the budget";
        return new ScaleRun(
            spec.Jobs,
            created,
            createSeconds,
            Percentiles.Of(gets, 99),
            Percentiles.Of(lists, 99),
            fires.P99Ms,
            fires.Achieved,
            ScaleMix.FiresBetween(created, from, to),
            ProcessMemory.RssMiB(Environment.ProcessId),
            $"{operations.Meaning}; one producer, one call per job; {creation}; the process also runs the harness");
    }
}
