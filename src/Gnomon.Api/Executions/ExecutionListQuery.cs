using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Gnomon.Api.Http;
using Gnomon.Domain.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace Gnomon.Api.Executions;

/// <summary>The filters of a job's executions, <c>GET /api/v1/jobs/{job}/executions</c>.</summary>
internal record ExecutionQuery : PageQuery
{
    [FromQuery(Name = "status")]
    [Description("Only executions in these states (repeat the parameter, or separate them with commas): pending, running, succeeded, failed, timedOut, cancelled, skipped.")]
    public string[]? Status { get; init; }

    [FromQuery(Name = "from")]
    [Description("Only slots scheduled at or after this instant (RFC 3339).")]
    public QueryParameter<DateTimeOffset>? From { get; init; }

    [FromQuery(Name = "to")]
    [Description("Only slots scheduled at or before this instant (RFC 3339).")]
    public QueryParameter<DateTimeOffset>? To { get; init; }

    [FromQuery(Name = "queue")]
    [MaxLength(JobLimits.MaxQueueLength)]
    [Description("Only executions of this queue.")]
    public string? Queue { get; init; }
}

/// <summary>The filters of <c>GET /api/v1/executions</c>: those of a job's executions, and which job.</summary>
internal sealed record ExecutionListQuery : ExecutionQuery
{
    [FromQuery(Name = "jobId")]
    [Description("Only executions of this job, by id (also once the job is deleted) or by name.")]
    public string? JobId { get; init; }
}
