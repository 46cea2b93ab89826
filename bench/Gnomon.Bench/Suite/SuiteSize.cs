namespace Gnomon.Bench.Suite;

/// <summary>How big each scenario is: <c>quick</c> (each scenario in about a minute) or <c>full</c> (the figures of record, ~30 minutes in all).</summary>
/// <param name="PrecisionJobs">K values for the precision scenario.</param>
/// <param name="SustainedJobs">K values for the sustained scenario.</param>
/// <param name="SustainedBudgetSeconds">Time every system may spend creating them: Gnomon needs a few seconds for 20,000; the peers, at a few hundred per second, get as many as the budget allows.</param>
/// <param name="GnomonExecutions">N for Gnomon's throughput run.</param>
/// <param name="PeerExecutions">N for the peers' throughput run, smaller because they drain at a few hundred per second; rates compare per second.</param>
/// <param name="ScaleJobs">Jobs the scale scenario asks every system for.</param>
/// <param name="ScaleBudgetSeconds">Time Gnomon may spend creating them.</param>
/// <param name="PeerScaleBudgetSeconds">Time each peer may spend: at a few hundred jobs per second they reach a few percent of the million in any budget, and their rate is what compares.</param>
internal sealed record SuiteSize(
    string Name,
    IReadOnlyList<int> PrecisionJobs,
    int PrecisionWarmupSeconds,
    int PrecisionSeconds,
    IReadOnlyList<int> SustainedJobs,
    int SustainedWarmupSeconds,
    int SustainedSeconds,
    int SustainedBudgetSeconds,
    int GnomonExecutions,
    int PeerExecutions,
    int ScaleJobs,
    int ScaleBudgetSeconds,
    int PeerScaleBudgetSeconds,
    int ScaleSamples,
    int ScaleFireSeconds,
    int PgbenchSeconds,
    int ClusterExecutions)
{
    public static readonly SuiteSize Quick = new("quick", [100], 3, 10, [2_000], 3, 20, 20, 10_000, 1_000, 50_000, 20, 20, 200, 10, 5, 5_000);

    public static readonly SuiteSize Full = new("full", [100, 1_000], 10, 60, [10_000, 20_000], 10, 60, 45, 100_000, 5_000, 1_000_000, 120, 45, 1_000, 30, 20, 20_000);

    public static SuiteSize? Parse(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => null,
    };
}
