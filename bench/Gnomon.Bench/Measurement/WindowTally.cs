namespace Gnomon.Bench.Measurement;

/// <summary>The slots of one sustained window: how many succeeded, what the system recorded of the rest, and the lag of the succeeded ones.</summary>
/// <param name="Succeeded">Distinct slots whose run succeeded by the time they were read.</param>
/// <param name="NotRun">Slots the system itself recorded as not run or not finished, by status and reason kind; empty when it keeps no such record.</param>
/// <param name="Duplicates">Runs beyond the first of a slot.</param>
internal sealed record WindowTally(long Succeeded, IReadOnlyList<SlotOutcome> NotRun, long Duplicates, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    /// <summary>
    /// For a system that keeps no record of a slot it did not run (the peers): the starts its job's own code recorded,
    /// each slot's first run being its success and its lag.
    /// </summary>
    public static WindowTally FromFires(PrecisionResult fires) =>
        new(fires.Achieved, [], fires.Duplicates, fires.P50Ms, fires.P95Ms, fires.P99Ms, fires.MaxMs);
}
