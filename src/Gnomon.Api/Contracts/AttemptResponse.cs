using System.Text.Json;
using Gnomon.Domain.Executions;

namespace Gnomon.Api.Contracts;

/// <summary>One try of an execution on one worker.</summary>
public sealed record AttemptResponse
{
    public required int Attempt { get; init; }

    public required Guid? WorkerId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset? FinishedAt { get; init; }

    public required ExecutionStatus Status { get; init; }

    public required string? Error { get; init; }

    /// <summary>This attempt's executor result (an extension of API.md's attempt shape).</summary>
    public JsonElement? Result { get; init; }

    /// <summary>This attempt's truncated output (an extension of API.md's attempt shape).</summary>
    public string? Output { get; init; }

    /// <summary>
    /// What the attempt's worker reported after the attempt had been closed without it (its lease lost, the execution
    /// taken back): the attempt's own record stands; this says what arrived late (an extension of API.md's attempt shape).
    /// </summary>
    public string? LateReport { get; init; }

    public static AttemptResponse From(ExecutionAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new()
        {
            Attempt = attempt.Attempt,
            WorkerId = attempt.WorkerId,
            StartedAt = attempt.StartedAt,
            FinishedAt = attempt.FinishedAt,
            Status = attempt.Status.Public(),
            Error = attempt.Error,
            Result = attempt.Result,
            Output = attempt.Output,
            LateReport = attempt.LateReport,
        };
    }
}
