namespace Gnomon.Client.Executions;

/// <summary>Which executions a list returns; null fields do not filter.</summary>
public sealed record ExecutionFilter
{
    /// <summary>Only executions of this job (its id or name).</summary>
    public string? Job { get; init; }

    /// <summary>Only executions in one of these states.</summary>
    public IReadOnlyList<ExecutionStatus>? Statuses { get; init; }

    /// <summary>Only executions scheduled at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only executions scheduled before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only executions of this queue.</summary>
    public string? Queue { get; init; }
}
