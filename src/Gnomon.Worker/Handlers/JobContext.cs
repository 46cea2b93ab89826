using System.Text.Json;

namespace Gnomon.Worker.Handlers;

/// <summary>The execution a handler is asked to run.</summary>
/// <param name="ExecutionId">The execution, the same across its attempts.</param>
/// <param name="JobId">The job that fired.</param>
/// <param name="JobName">The job's name.</param>
/// <param name="Attempt">1 for the first attempt, then 2, 3…</param>
/// <param name="ScheduledAt">The slot this execution is for.</param>
/// <param name="Payload">The job's payload, if it has one.</param>
public sealed record JobContext(
    Guid ExecutionId,
    Guid JobId,
    string JobName,
    int Attempt,
    DateTimeOffset ScheduledAt,
    JsonElement? Payload);
