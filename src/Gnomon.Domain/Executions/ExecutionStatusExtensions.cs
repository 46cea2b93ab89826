namespace Gnomon.Domain.Executions;

/// <summary>Facts about execution states that every role agrees on.</summary>
public static class ExecutionStatusExtensions
{
    /// <summary>True once nothing more can happen to the execution.</summary>
    public static bool IsFinal(this ExecutionStatus status) => status is
        ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.TimedOut or
        ExecutionStatus.Cancelled or ExecutionStatus.Skipped;

    /// <summary>The state shown to API clients (claimed is an internal detail of pending).</summary>
    public static ExecutionStatus Public(this ExecutionStatus status) =>
        status == ExecutionStatus.Claimed ? ExecutionStatus.Pending : status;
}
