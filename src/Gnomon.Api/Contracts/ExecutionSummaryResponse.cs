using Gnomon.Domain.Executions;

namespace Gnomon.Api.Contracts;

/// <summary>The latest execution of a job, as shown on the job (<c>lastExecution</c>).</summary>
public sealed record ExecutionSummaryResponse
{
    public required Guid Id { get; init; }

    public required ExecutionStatus Status { get; init; }

    public required DateTimeOffset ScheduledAt { get; init; }

    public required DateTimeOffset? FinishedAt { get; init; }

    public static ExecutionSummaryResponse From(ExecutionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new()
        {
            Id = summary.Id,
            Status = summary.Status.Public(),
            ScheduledAt = summary.ScheduledAt,
            FinishedAt = summary.FinishedAt,
        };
    }
}
