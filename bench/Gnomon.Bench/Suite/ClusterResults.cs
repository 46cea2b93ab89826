namespace Gnomon.Bench.Suite;

/// <summary>Gnomon as separate processes: executions per second by worker count, lag by master count, takeover after kill -9.</summary>
internal sealed record ClusterResults(
    IReadOnlyList<(int Workers, double ExecutionsPerSecond)> ByWorkers,
    IReadOnlyList<(int Masters, double LagP50Ms, double LagP99Ms)> ByMasters,
    double TakeoverSeconds,
    double LeaseTtlSeconds);
