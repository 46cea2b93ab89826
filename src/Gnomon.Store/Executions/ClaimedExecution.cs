using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;

namespace Gnomon.Store.Executions;

/// <summary>An execution a worker holds, with what it needs to run it.</summary>
/// <param name="Attempt">Attempts started before this one; the run about to start is <c>Attempt + 1</c>.</param>
/// <param name="DueIn">How long after the claim (by the database clock) the execution is due; zero or less means now.</param>
/// <param name="StartedAttempt">The attempt the claim itself started (marked running, attempt opened), or 0 when only claimed.</param>
/// <param name="ClaimedDue">Taken by the claim of due work (a running slot's worth), not reserved ahead of its instant.</param>
public sealed record ClaimedExecution(
    Guid Id,
    Guid JobId,
    string JobName,
    ExecutionTrigger Trigger,
    DateTimeOffset ScheduledAt,
    DateTimeOffset DueAt,
    TimeSpan DueIn,
    int Attempt,
    int MaxAttempts,
    int Priority,
    string Queue,
    ExecutorSpec Executor,
    JsonElement? Payload,
    TimeSpan Timeout,
    RetryPolicy Retry,
    ConcurrencyPolicy ConcurrencyPolicy,
    int StartedAttempt = 0,
    bool ClaimedDue = false);
