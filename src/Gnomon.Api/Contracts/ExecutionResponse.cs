using System.Text.Json;
using Gnomon.Domain.Executions;

namespace Gnomon.Api.Contracts;

/// <summary>An execution as the API shows it, with its attempts.</summary>
public sealed record ExecutionResponse
{
    public required Guid Id { get; init; }

    public required Guid JobId { get; init; }

    public required string JobName { get; init; }

    public required ExecutionTrigger Trigger { get; init; }

    /// <summary>The nominal fire instant.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }

    /// <summary>One of the seven public states; the internal <c>claimed</c> shows as <c>pending</c>.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>Why it was skipped, failed or cancelled.</summary>
    public required string? Reason { get; init; }

    public required int Priority { get; init; }

    public required string Queue { get; init; }

    public required int Attempt { get; init; }

    public required int MaxAttempts { get; init; }

    public required DateTimeOffset? NotBefore { get; init; }

    public required Guid? WorkerId { get; init; }

    public required DateTimeOffset? StartedAt { get; init; }

    public required DateTimeOffset? FinishedAt { get; init; }

    public required long? DurationMs { get; init; }

    /// <summary>Executor result such as <c>{"httpStatus":200}</c> or <c>{"exitCode":0}</c>.</summary>
    public required JsonElement? Result { get; init; }

    /// <summary>The first 64 KiB of the body or stdout+stderr; null in lists, which leave it out.</summary>
    public required string? Output { get; init; }

    public required string? Error { get; init; }

    /// <summary>Extension: a cancel was asked for and the running work is being stopped.</summary>
    public required bool CancelRequested { get; init; }

    public required IReadOnlyList<AttemptResponse> Attempts { get; init; }

    /// <summary>The execution with its output.</summary>
    public static ExecutionResponse From(Execution execution) => From(execution, includeOutput: true);

    /// <summary>The execution; lists pass <paramref name="includeOutput"/> false to keep pages small.</summary>
    public static ExecutionResponse From(Execution execution, bool includeOutput)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return new()
        {
            Id = execution.Id,
            JobId = execution.JobId,
            JobName = execution.JobName,
            Trigger = execution.Trigger,
            ScheduledAt = execution.ScheduledAt,
            Status = execution.Status.Public(),
            Reason = execution.Reason,
            Priority = execution.Priority,
            Queue = execution.Queue,
            Attempt = execution.Attempt,
            MaxAttempts = execution.MaxAttempts,
            NotBefore = execution.NotBefore,
            WorkerId = execution.WorkerId,
            StartedAt = execution.StartedAt,
            FinishedAt = execution.FinishedAt,
            DurationMs = execution.DurationMs,
            Result = execution.Result,
            Output = includeOutput ? execution.Output : null,
            Error = execution.Error,
            CancelRequested = execution.CancelRequested,
            Attempts = [.. execution.Attempts.Select(AttemptResponse.From)],
        };
    }
}
