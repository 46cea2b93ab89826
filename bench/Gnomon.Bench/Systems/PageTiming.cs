namespace Gnomon.Bench.Systems;

/// <summary>How long one dashboard page took to render, over HTTP, at the scale scenario's size.</summary>
/// <param name="Page">The path.</param>
/// <param name="P99Ms">p99 of the whole answer.</param>
internal sealed record PageTiming(string Page, double P99Ms);
