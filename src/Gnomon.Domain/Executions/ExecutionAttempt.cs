namespace Gnomon.Domain.Executions;

/// <summary>One try of an execution on one worker.</summary>
public sealed record ExecutionAttempt
{
    public required int Attempt { get; init; }

    public Guid? WorkerId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public required ExecutionStatus Status { get; init; }

    public string? Error { get; init; }

    /// <summary>This attempt's executor result, such as <c>{"httpStatus":500}</c>.</summary>
    public System.Text.Json.JsonElement? Result { get; init; }

    /// <summary>This attempt's output, truncated like the execution's.</summary>
    public string? Output { get; init; }

    /// <summary>What the worker reported after this attempt had been closed without it (its lease lost); the record above stands.</summary>
    public string? LateReport { get; init; }
}
