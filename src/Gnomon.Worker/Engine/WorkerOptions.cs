using System.ComponentModel.DataAnnotations;

namespace Gnomon.Worker.Engine;

/// <summary>Settings of the worker role, bound from <c>Worker</c>.</summary>
public sealed record WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// Queues served, comma separated, each optionally with its own concurrency: <c>default</c>,
    /// <c>default:100,reports:2</c>. <c>*</c> serves every queue not named explicitly.
    /// </summary>
    [Required]
    public string Queues { get; init; } = "default";

    /// <summary>Concurrent executions per queue when a queue names none.</summary>
    [Range(1, 10_000)]
    public int Concurrency { get; init; } = 100;

    /// <summary>How long a claimed or running execution stays ours without a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often leases are renewed; a third of the lease by default.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>How often the queue is polled when no notification arrives (the fallback for lost notifications).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Executions due within this window are claimed ahead and started by a local timer at their instant.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Lookahead { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long before its instant an execution is marked running, so the database round trip is done when the
    /// timer fires and the work itself starts on the instant. <c>startedAt</c> records the instant, not the write.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan StartLead { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Executions per queue held ahead of their instant (claimed within <see cref="Lookahead"/>, waiting on a local
    /// timer); they take a running slot only when due. At most ten per running slot, so a queue with little
    /// concurrency cannot hoard work other workers could run.
    /// </summary>
    [Range(0, 100_000)]
    public int Prefetch { get; init; } = 1000;

    /// <summary>Most executions claimed in one statement.</summary>
    [Range(1, 10_000)]
    public int ClaimBatchSize { get; init; } = 200;

    /// <summary>On shutdown, running executions get this long to finish before they are handed back.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times an execution handed back by a stopping or lost worker may be retried without using up its attempts.</summary>
    [Range(0, 100)]
    public int MaxLeaseRecoveries { get; init; } = 3;

    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? LeaseDuration / 3;
}
