using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems;

/// <summary>A scheduler the harness measures: Gnomon or one of the peers.</summary>
/// <remarks>
/// Every scenario runs in a child process of its own, on a fresh database of the shared PostgreSQL server, so one
/// system's threads, pools and memory never weigh on another's figures. A system only sets up and tears down;
/// timing and analysis are the harness's, identical for all three.
/// </remarks>
internal interface ISystemUnderTest
{
    /// <summary>The name printed in tables, with the version measured.</summary>
    string Name { get; }

    /// <summary>
    /// Creates <see cref="PrecisionSpec.Jobs"/> jobs that fire every second and starts the scheduler. The job's own
    /// code calls <see cref="FireRecorder.Record"/> first thing, with the nominal instant it fires for.
    /// </summary>
    Task StartPrecisionAsync(PrecisionSpec spec, string connectionString, FireRecorder recorder, CancellationToken cancellationToken);

    /// <summary>
    /// Enqueues <paramref name="count"/> executions of a job that does nothing and runs them to the end, in the
    /// system's own idiom (see each implementation's remarks); returns the two timed phases.
    /// </summary>
    Task<ThroughputRun> RunThroughputAsync(int count, string connectionString, CancellationToken cancellationToken);

    /// <summary>Creates many jobs of mixed schedules (<see cref="ScaleMix"/>) and measures what the spec asks.</summary>
    Task<ScaleRun> RunScaleAsync(ScaleSpec spec, string connectionString, CancellationToken cancellationToken);

    /// <summary>
    /// Creates up to <see cref="SustainedSpec.Jobs"/> every-second jobs that do nothing within the budget, lets them
    /// fire through the warm-up and the window, and counts what became of the window's slots.
    /// </summary>
    Task<SustainedRun> RunSustainedAsync(SustainedSpec spec, string connectionString, CancellationToken cancellationToken);

    /// <summary>Stops the scheduler started by <see cref="StartPrecisionAsync"/>, without waiting for running work.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
