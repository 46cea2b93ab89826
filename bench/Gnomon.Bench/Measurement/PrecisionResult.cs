namespace Gnomon.Bench.Measurement;

/// <summary>The fires of one precision run inside its window, and their lag (start of the job's code minus its nominal instant).</summary>
/// <param name="Expected">Jobs × window seconds: every slot of every job.</param>
/// <param name="Achieved">Distinct (job, slot) pairs that ran.</param>
/// <param name="Duplicates">Runs beyond the first of a slot.</param>
/// <param name="Curve">Lag at each whole percentile 0 … 100, for the distribution chart.</param>
/// <param name="WorstSeconds">The five slots with the latest fire, and that lag: one stall holding every job shows as one slot.</param>
internal sealed record PrecisionResult(
    int Jobs,
    int WindowSeconds,
    long Expected,
    long Achieved,
    long Duplicates,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyList<double> Curve,
    IReadOnlyList<SlotLag> WorstSeconds);
