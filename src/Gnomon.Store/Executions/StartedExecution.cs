namespace Gnomon.Store.Executions;

/// <summary>How a batched start ended for one execution.</summary>
/// <param name="Attempt">The attempt number now running, when <paramref name="Started"/>.</param>
/// <param name="Started">False when the execution was skipped, cancelled or taken back meanwhile; do not run it.</param>
/// <param name="SetAsideReason">Why the row was failed instead of started, when it could not be started as it stands.</param>
public sealed record StartedExecution(Guid Id, bool Started, int Attempt, string? SetAsideReason = null);
