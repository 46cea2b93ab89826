namespace Gnomon.Domain.Executions;

/// <summary>The life cycle of an execution.</summary>
/// <remarks>
/// <see cref="Claimed"/> is internal: a worker holds the execution and waits for its due instant.
/// The API shows it as <see cref="Pending"/> so the public contract keeps its seven states.
/// The numeric values are stored in the database; never renumber them.
/// </remarks>
public enum ExecutionStatus : short
{
    Pending = 0,
    Claimed = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    TimedOut = 5,
    Cancelled = 6,
    Skipped = 7,
}
