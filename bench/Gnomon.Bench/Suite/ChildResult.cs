using Gnomon.Bench.Measurement;
using Gnomon.Bench.Systems;

namespace Gnomon.Bench.Suite;

/// <summary>What a child process reports to the suite: one scenario of one system, or why it failed.</summary>
internal sealed record ChildResult(
    string System,
    string Scenario,
    PrecisionResult? Precision,
    SustainedRun? Sustained,
    ThroughputRun? Throughput,
    ScaleRun? Scale,
    double PeakRssMiB,
    string? Error);
