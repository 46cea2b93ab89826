using System.Text.Json.Nodes;
using Gnomon.Domain.Executions;

namespace Gnomon.Store.Executions;

/// <summary>What a worker reports when an attempt ends.</summary>
/// <param name="Status">The attempt's outcome: succeeded, failed, timedOut or cancelled.</param>
/// <param name="RetryAfter">When set, the execution goes back to pending and may start again after this delay.</param>
public sealed record CompletedAttempt(
    Guid Id,
    int Attempt,
    ExecutionStatus Status,
    JsonObject? Result,
    string? Output,
    string? Error,
    string? Reason,
    TimeSpan? RetryAfter);
