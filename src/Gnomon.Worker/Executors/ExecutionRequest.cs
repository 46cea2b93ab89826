using System.Text.Json;
using Gnomon.Domain.Executors;

namespace Gnomon.Worker.Executors;

/// <summary>One attempt of one execution, as handed to an <see cref="IExecutor"/>.</summary>
public sealed record ExecutionRequest(
    Guid ExecutionId,
    Guid JobId,
    string JobName,
    int Attempt,
    DateTimeOffset ScheduledAt,
    ExecutorSpec Executor,
    JsonElement? Payload);
