using System.Text.Json;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;

namespace Gnomon.Api.Contracts;

/// <summary>A job as the API shows it.</summary>
/// <remarks>
/// <see cref="Schedule"/> reuses the domain record: it is plain data shaped exactly as the contract.
/// </remarks>
public sealed record JobResponse
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string? Description { get; init; }

    public required ScheduleSpec Schedule { get; init; }

    public required ExecutorResponse Executor { get; init; }

    public required JsonElement? Payload { get; init; }

    public required int Priority { get; init; }

    public required string Queue { get; init; }

    public required int TimeoutSeconds { get; init; }

    public required RetryResponse Retry { get; init; }

    public required ConcurrencyPolicy ConcurrencyPolicy { get; init; }

    public required MisfirePolicy MisfirePolicy { get; init; }

    public required bool Paused { get; init; }

    /// <summary>Key/value pairs to find the job by (an extension of API.md); empty when it has none.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Null when the schedule has no more fires.</summary>
    public required DateTimeOffset? NextFireAt { get; init; }

    public required ExecutionSummaryResponse? LastExecution { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Bumped on every change; the ETag is derived from it.</summary>
    public required int Version { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    public static JobResponse From(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var definition = job.Definition;
        return new()
        {
            Id = job.Id,
            Name = definition.Name,
            Description = definition.Description,
            // The contract's default zone is shown rather than implied, so a reader never guesses.
            Schedule = definition.Schedule is { Cron: not null, TimeZone: null } schedule
                ? schedule with { TimeZone = "UTC" }
                : definition.Schedule,
            Executor = ExecutorResponse.From(definition.Executor),
            Payload = definition.Payload,
            Priority = definition.Priority,
            Queue = definition.Queue,
            TimeoutSeconds = (int)Math.Round(definition.Timeout.TotalSeconds),
            Retry = RetryResponse.From(definition.Retry),
            ConcurrencyPolicy = definition.ConcurrencyPolicy,
            MisfirePolicy = definition.MisfirePolicy,
            Paused = definition.Paused,
            Labels = definition.Labels ?? EmptyLabels,
            // A paused job keeps its slot position in the store, but it has no next fire until resumed.
            NextFireAt = definition.Paused ? null : job.NextFireAt,
            LastExecution = job.LastExecution is { } last ? ExecutionSummaryResponse.From(last) : null,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            Version = job.Version,
        };
    }
}
