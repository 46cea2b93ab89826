using System.Diagnostics.Metrics;
using Gnomon.Domain.Executions;
using Gnomon.Store.Stats;

namespace Gnomon.Worker.Engine;

/// <summary>The worker's instruments, exported on <c>/metrics</c>, and its counts for the overview (<see cref="StatsRecorder"/>).</summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "Gnomon.Worker";

    private readonly Meter _meter;
    private readonly StatsRecorder _stats;

    public WorkerMetrics(IMeterFactory meterFactory, StatsRecorder stats)
    {
        _stats = stats;
        _meter = meterFactory.Create(MeterName);
        StartLag = _meter.CreateHistogram<double>("execution_start_lag", "ms", "Start of an attempt minus its due instant");
        Completed = _meter.CreateCounter<long>("executions_completed", description: "Attempts ended, by status");
        Claimed = _meter.CreateCounter<long>("executions_claimed", description: "Executions claimed");
    }

    public Histogram<double> StartLag { get; }

    public Counter<long> Completed { get; }

    /// <summary>Records an attempt's start, <paramref name="lag"/> after its due instant; the overview's fire lag counts first attempts only.</summary>
    /// <remarks>A retry's lag includes how long the worker took to pick it up after its backoff, which says nothing about firing on time.</remarks>
    public void AttemptStarted(TimeSpan lag, int attempt)
    {
        StartLag.Record(lag.TotalMilliseconds);
        if (attempt == 1)
        {
            _stats.FireStarted(lag);
        }
    }

    /// <summary>Records an attempt's end; <paramref name="retrying"/> when another attempt is due.</summary>
    public void AttemptEnded(ExecutionStatus status, bool retrying)
    {
        Completed.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));
        _stats.AttemptEnded(status, retrying);
    }

    public Counter<long> Claimed { get; }

    public void Dispose() => _meter.Dispose();
}
