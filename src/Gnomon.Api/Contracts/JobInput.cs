using System.Text.Json;
using Gnomon.Domain.Jobs;

namespace Gnomon.Api.Contracts;

/// <summary>A job as written by a client (POST, PUT, and PATCH after merging).</summary>
/// <remarks>
/// Every property is nullable so that a missing field is reported by name rather than defaulted by the serializer.
/// The read-only fields of <see cref="JobResponse"/> are accepted and ignored, so a fetched job can be sent back as it is.
/// </remarks>
public sealed record JobInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public ScheduleInput? Schedule { get; init; }

    public ExecutorInput? Executor { get; init; }

    public JsonElement? Payload { get; init; }

    public int? Priority { get; init; }

    public string? Queue { get; init; }

    public int? TimeoutSeconds { get; init; }

    public RetryInput? Retry { get; init; }

    public ConcurrencyPolicy? ConcurrencyPolicy { get; init; }

    public MisfirePolicy? MisfirePolicy { get; init; }

    public bool? Paused { get; init; }

    /// <summary>Key/value pairs to find the job by (an extension of API.md); values are strings.</summary>
    public IReadOnlyDictionary<string, string?>? Labels { get; init; }

    /// <summary>Read-only; ignored.</summary>
    public Guid? Id { get; init; }

    /// <summary>Read-only; ignored.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    /// <summary>Read-only; ignored (any JSON).</summary>
    public JsonElement? LastExecution { get; init; }

    /// <summary>Read-only; ignored.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Read-only; ignored.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Read-only; ignored (concurrency control is the <c>If-Match</c> header's job).</summary>
    public int? Version { get; init; }
}
