using System.Diagnostics.Metrics;

namespace Gnomon.Worker.Engine;

/// <summary>The worker's instruments, exported on <c>/metrics</c>.</summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "Gnomon.Worker";

    private readonly Meter _meter;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        StartLag = _meter.CreateHistogram<double>("execution_start_lag", "ms", "Start of an attempt minus its due instant");
        Completed = _meter.CreateCounter<long>("executions_completed", description: "Attempts ended, by status");
        Claimed = _meter.CreateCounter<long>("executions_claimed", description: "Executions claimed");
    }

    public Histogram<double> StartLag { get; }

    public Counter<long> Completed { get; }

    public Counter<long> Claimed { get; }

    public void Dispose() => _meter.Dispose();
}
