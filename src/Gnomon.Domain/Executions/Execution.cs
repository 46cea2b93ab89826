using System.Text.Json;

namespace Gnomon.Domain.Executions;

/// <summary>One fire of a job at one nominal instant, or one manual trigger, with its attempts.</summary>
public sealed record Execution
{
    public required Guid Id { get; init; }

    public required Guid JobId { get; init; }

    public required string JobName { get; init; }

    public required ExecutionTrigger Trigger { get; init; }

    /// <summary>The nominal fire instant.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }

    public required ExecutionStatus Status { get; init; }

    public string? Reason { get; init; }

    public int Priority { get; init; }

    public required string Queue { get; init; }

    public int Attempt { get; init; }

    public int MaxAttempts { get; init; }

    /// <summary>When the next attempt may start (set while waiting for a retry).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public Guid? WorkerId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Executor result such as <c>{"httpStatus":200}</c> or <c>{"exitCode":0}</c>.</summary>
    public JsonElement? Result { get; init; }

    public string? Output { get; init; }

    public string? Error { get; init; }

    public bool CancelRequested { get; init; }

    public IReadOnlyList<ExecutionAttempt> Attempts { get; init; } = [];

    public long? DurationMs => StartedAt is { } s && FinishedAt is { } f ? (long)(f - s).TotalMilliseconds : null;
}
