using System.Globalization;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>
/// The worker settings of the scenarios that push thousands of executions a second through one node: room to run
/// every execution of an instant at once, to hold a second and more of them ahead, to claim them in large batches
/// and to write their starts well before the instant (docs/benchmarks.md, "Sustained after lighter heartbeats").
/// The product's defaults (100 running per queue) suit executors that call other services; a user sizes them as here.
/// </summary>
internal static class SizedWorker
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Worker:Concurrency"] = "1000",
        ["Worker:Prefetch"] = "10000",
        ["Worker:ClaimBatchSize"] = "1000",
        ["Worker:StartLead"] = "00:00:00.500",
    };

    /// <summary>The settings in effect on a node, as the report states them (the environment may have changed them).</summary>
    public static string Describe(GnomonNode node) =>
        "worker sized for the load: " + string.Join(", ", Settings.Keys.Select(key => string.Create(CultureInfo.InvariantCulture, $"{key} {node.Setting(key)}")));
}
