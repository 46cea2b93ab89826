using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Client.Executions;

/// <summary>One slot of a job (or one trigger) and what became of it.</summary>
public sealed record Execution
{
    /// <summary>Its id, the same on every attempt.</summary>
    public required Guid Id { get; init; }

    /// <summary>The job's id.</summary>
    public Guid JobId { get; init; }

    /// <summary>The job's name.</summary>
    public required string JobName { get; init; }

    /// <summary>What made it.</summary>
    public ExecutionTrigger Trigger { get; init; }

    /// <summary>The nominal fire instant.</summary>
    public DateTimeOffset ScheduledAt { get; init; }

    /// <summary>Its state.</summary>
    public ExecutionStatus Status { get; init; }

    /// <summary>Why it was skipped, failed or cancelled.</summary>
    public string? Reason { get; init; }

    /// <summary>Its priority.</summary>
    public int Priority { get; init; }

    /// <summary>Its queue.</summary>
    public required string Queue { get; init; }

    /// <summary>The attempts started so far.</summary>
    public int Attempt { get; init; }

    /// <summary>The attempts allowed.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The end of a retry's backoff.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The worker holding or running it.</summary>
    public Guid? WorkerId { get; init; }

    /// <summary>When its work began.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How long its work took.</summary>
    public long? DurationMs { get; init; }

    /// <summary>The executor's result, such as <c>{"httpStatus":200}</c> or <c>{"exitCode":0}</c>.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The start of its output; null in lists.</summary>
    public string? Output { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>A cancel was asked for and the running work is being stopped.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>Every attempt, oldest first.</summary>
    public IReadOnlyList<ExecutionAttempt> Attempts { get; init; } = [];

    /// <summary>Whether it reached a final state.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is not (ExecutionStatus.Pending or ExecutionStatus.Running);
}
