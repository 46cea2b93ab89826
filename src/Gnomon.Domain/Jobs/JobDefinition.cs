using System.Text.Json;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Retries;
using Gnomon.Domain.Schedules;

namespace Gnomon.Domain.Jobs;

/// <summary>What a user defines for a job: everything but the read-only state the system keeps.</summary>
public sealed record JobDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required ScheduleSpec Schedule { get; init; }

    public required ExecutorSpec Executor { get; init; }

    /// <summary>Any JSON, handed to handlers as it is.</summary>
    public JsonElement? Payload { get; init; }

    public int Priority { get; init; }

    public string Queue { get; init; } = JobLimits.DefaultQueue;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public ConcurrencyPolicy ConcurrencyPolicy { get; init; }

    public MisfirePolicy MisfirePolicy { get; init; }

    public bool Paused { get; init; }

    /// <summary>Key/value pairs to find the job by (<see cref="JobLimits.IsValidLabelKey"/>); null when it has none.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
