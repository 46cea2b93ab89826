using System.ComponentModel.DataAnnotations;

namespace Gnomon.Scheduler;

/// <summary>Settings of the master's scheduling loop, bound from <c>Scheduler</c>.</summary>
public sealed record SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>How far ahead of its instant a slot is written, so a worker holds it before it is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Lookahead { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The in-memory queue holds the jobs due within this horizon; later ones stay in the database.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the horizon is reloaded from the database (changes also arrive by notification).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Jobs materialised per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// How many batches a master writes at once, each in its own transaction (and so its own database backend): one at
    /// a time, a master wrote slots about as fast as one PostgreSQL core runs its statements, whatever the server had.
    /// </summary>
    [Range(1, 16)]
    public int WriteConcurrency { get; init; } = 2;

    /// <summary>A slot later than this is a misfire and follows the job's misfire policy.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MisfireThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many pending executions may be due and waiting for a worker before the scheduler stops writing new slots:
    /// at the bound it leaves its due jobs queued (their next fire untouched) and looks again every quarter second.
    /// </summary>
    /// <remarks>
    /// Without it a scheduler faster than its workers grew the pending rows without end and every slot eventually ran
    /// minutes late. With it the backlog stays bounded, the lateness shows as lag, and a slot the system is too far
    /// behind to run follows the job's misfire policy as <c>overloaded</c>.
    /// </remarks>
    [Range(100, 10_000_000)]
    public int MaxBacklog { get; init; } = 10_000;

    /// <summary>With <c>runAll</c>, at most this many missed slots run.</summary>
    [Range(1, 100_000)]
    public int RunAllCap { get; init; } = 100;

    /// <summary>How long a master's partition lease lasts unrenewed: a dead master's share is taken over after it (renewed every fifth of it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PartitionLeaseTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired execution leases are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseReapInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the database must have answered without a break before leases are taken back: no worker could renew
    /// its leases while it was away (a restart, a failover), so leases that ran out meanwhile wait for this before being
    /// judged. Longer than the workers' <c>Worker:LeaseDuration</c>, so they have renewed by then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LeaseReapGraceAfterOutage { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times one execution may be taken back from a lost worker without using up its attempts.</summary>
    [Range(0, 100)]
    public int MaxLeaseRecoveries { get; init; } = 3;

    /// <summary>Finished executions older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows deleted per retention statement, small so deletes never hold locks for long.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; init; } = 1000;
}
