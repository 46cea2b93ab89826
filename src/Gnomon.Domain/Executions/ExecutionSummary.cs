namespace Gnomon.Domain.Executions;

/// <summary>The latest execution of a job, as shown on the job.</summary>
public sealed record ExecutionSummary(Guid Id, ExecutionStatus Status, DateTimeOffset ScheduledAt, DateTimeOffset? FinishedAt);
