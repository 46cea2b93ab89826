using Gnomon.Domain.Executions;

namespace Gnomon.Domain.Jobs;

/// <summary>A stored job: the user's definition plus the state the system keeps.</summary>
public sealed record Job
{
    public required Guid Id { get; init; }

    public required JobDefinition Definition { get; init; }

    /// <summary>The first slot not yet materialised as an execution; null when the schedule has no more fires.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    public ExecutionSummary? LastExecution { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Bumped on every change; the ETag is derived from it.</summary>
    public required int Version { get; init; }

    public int Partition => JobLimits.PartitionOf(Id);
}
