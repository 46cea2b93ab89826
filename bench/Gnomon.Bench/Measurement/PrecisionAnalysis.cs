namespace Gnomon.Bench.Measurement;

/// <summary>Turns the recorded fires of a precision run into its result; the same arithmetic for every system.</summary>
internal static class PrecisionAnalysis
{
    /// <summary>Fires whose nominal instant lies in [<paramref name="from"/>, <paramref name="to"/>) count.</summary>
    public static PrecisionResult Analyse(IReadOnlyList<Fire> fires, int jobs, DateTimeOffset from, DateTimeOffset to)
    {
        var inWindow = fires.Where(f => f.Nominal >= from && f.Nominal < to).ToList();
        var distinct = inWindow.Select(f => (f.Job, f.Nominal)).Distinct().LongCount();
        // The first run of each slot is its lag; a duplicate is counted, not averaged in.
        var lags = inWindow.GroupBy(f => (f.Job, f.Nominal)).Select(g => g.Min(f => f.LagMs)).Order().ToList();
        var seconds = (int)Math.Round((to - from).TotalSeconds);
        var curve = Enumerable.Range(0, 101).Select(p => p == 0 ? (lags.Count > 0 ? lags[0] : double.NaN) : Percentiles.Of(lags, p)).ToList();
        return new PrecisionResult(
            jobs,
            seconds,
            (long)jobs * seconds,
            distinct,
            inWindow.Count - distinct,
            Percentiles.Of(lags, 50),
            Percentiles.Of(lags, 95),
            Percentiles.Of(lags, 99),
            lags.Count > 0 ? lags[^1] : double.NaN,
            curve,
            [.. inWindow.GroupBy(f => f.Nominal).Select(g => new SlotLag(g.Key, g.Count(), g.Max(f => f.LagMs))).OrderByDescending(s => s.MaxLagMs).Take(5)]);
    }
}
