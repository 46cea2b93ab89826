namespace Gnomon.Bench.Systems;

/// <summary>
/// What one throughput run measured: <see cref="EnqueueSeconds"/> to hand the system <see cref="Count"/> no-op
/// executions (one producer), then <see cref="DrainSeconds"/> from the moment they could all run until the
/// system's own store recorded the last of them finished. <see cref="Completed"/> counts those recorded as done.
/// </summary>
internal sealed record ThroughputRun(int Count, int Completed, double EnqueueSeconds, double DrainSeconds, string? Note = null)
{
    public double EnqueuePerSecond => Count / EnqueueSeconds;

    public double DrainPerSecond => Completed / DrainSeconds;

    /// <summary>Executions per second from the first enqueue to the last completion, idle waits excluded.</summary>
    public double EndToEndPerSecond => Completed / (EnqueueSeconds + DrainSeconds);
}
