namespace Gnomon.Client.Executions;

/// <summary>A job's newest execution, as the job shows it.</summary>
public sealed record ExecutionSummary
{
    /// <summary>The execution's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Its state.</summary>
    public ExecutionStatus Status { get; init; }

    /// <summary>Its nominal instant.</summary>
    public DateTimeOffset ScheduledAt { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
