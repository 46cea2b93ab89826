using System.Text.Json;
using Gnomon.Client.Schedules;

namespace Gnomon.Client.Jobs;

/// <summary>A job as a client writes it (create, replace); a field left null takes the server's default.</summary>
public sealed record JobDefinition
{
    /// <summary>1–200 characters of <c>[A-Za-z0-9._-]</c>, unique.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>When it fires.</summary>
    public required Schedule Schedule { get; init; }

    /// <summary>What it runs.</summary>
    public required Executor Executor { get; init; }

    /// <summary>Any JSON, handed to handlers.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>-100 … 100; higher runs first (default 0).</summary>
    public int? Priority { get; init; }

    /// <summary>The queue its executions go to (default <c>default</c>).</summary>
    public string? Queue { get; init; }

    /// <summary>The limit of one attempt, in seconds (default 300).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>The retry policy (default: one attempt).</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>What a slot does while another execution runs (default <see cref="Jobs.ConcurrencyPolicy.Allow"/>).</summary>
    public ConcurrencyPolicy? ConcurrencyPolicy { get; init; }

    /// <summary>What happens to missed slots (default <see cref="Jobs.MisfirePolicy.RunOnce"/>).</summary>
    public MisfirePolicy? MisfirePolicy { get; init; }

    /// <summary>Created paused (default false).</summary>
    public bool? Paused { get; init; }

    /// <summary>Key/value pairs to find the job by; lists filter on them (<see cref="JobFilter.Labels"/>).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
