using System.Text.Json.Nodes;
using Gnomon.Domain.Executions;

namespace Gnomon.Store.Executions;

/// <summary>What a worker reports when an attempt ends.</summary>
/// <param name="Status">The attempt's outcome: succeeded, failed, timedOut or cancelled.</param>
/// <param name="RetryAfter">When set, the execution goes back to pending and may start again after this delay.</param>
/// <param name="StartedAt">When the work itself began on the worker's clock; null keeps the instant written at the start.</param>
/// <param name="FinishedAt">When the work ended on the worker's clock; null takes the database's time of the write.</param>
public sealed record CompletedAttempt(
    Guid Id,
    int Attempt,
    ExecutionStatus Status,
    JsonObject? Result,
    string? Output,
    string? Error,
    string? Reason,
    TimeSpan? RetryAfter,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null);
