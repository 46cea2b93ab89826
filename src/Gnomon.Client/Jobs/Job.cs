using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gnomon.Client.Executions;
using Gnomon.Client.Schedules;

namespace Gnomon.Client.Jobs;

/// <summary>A job as the server shows it: its definition with every default filled in, and its state.</summary>
public sealed record Job
{
    /// <summary>The job's id (UUIDv7).</summary>
    public required Guid Id { get; init; }

    /// <summary>Its unique name; every call that takes a job takes the name or the id.</summary>
    public required string Name { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>When it fires.</summary>
    public required Schedule Schedule { get; init; }

    /// <summary>What it runs.</summary>
    public required Executor Executor { get; init; }

    /// <summary>Any JSON, handed to handlers.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>-100 … 100; higher runs first.</summary>
    public int Priority { get; init; }

    /// <summary>The queue its executions go to.</summary>
    public required string Queue { get; init; }

    /// <summary>The limit of one attempt, in seconds.</summary>
    public int TimeoutSeconds { get; init; }

    /// <summary>The retry policy, every field set.</summary>
    public required RetryPolicy Retry { get; init; }

    /// <summary>What a slot does while another execution runs.</summary>
    public ConcurrencyPolicy ConcurrencyPolicy { get; init; }

    /// <summary>What happens to missed slots.</summary>
    public MisfirePolicy MisfirePolicy { get; init; }

    /// <summary>Whether it is paused.</summary>
    public bool Paused { get; init; }

    /// <summary>Key/value pairs to find the job by; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Its next fire; null when paused or when the schedule has none left.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    /// <summary>Its newest execution, if any.</summary>
    public ExecutionSummary? LastExecution { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Counted up on every change.</summary>
    public int Version { get; init; }

    /// <summary>The entity tag of this version, for <c>If-Match</c>.</summary>
    [JsonIgnore]
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"\"{Version}\"");

    /// <summary>The job's definition, to send back changed (<c>job.ToDefinition() with { … }</c>).</summary>
    public JobDefinition ToDefinition() => new()
    {
        Name = Name,
        Description = Description,
        Schedule = Schedule,
        Executor = Executor,
        Payload = Payload,
        Priority = Priority,
        Queue = Queue,
        TimeoutSeconds = TimeoutSeconds,
        Retry = Retry,
        ConcurrencyPolicy = ConcurrencyPolicy,
        MisfirePolicy = MisfirePolicy,
        Paused = Paused,
        Labels = Labels.Count == 0 ? null : Labels,
    };
}
