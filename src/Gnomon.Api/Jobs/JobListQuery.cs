using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Gnomon.Api.Http;
using Gnomon.Domain.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace Gnomon.Api.Jobs;

/// <summary>The query of <c>GET /api/v1/jobs</c>.</summary>
internal sealed record JobListQuery : PageQuery
{
    [FromQuery(Name = "paused")]
    [Description("true: only paused jobs; false: only those that fire.")]
    public QueryParameter<bool>? Paused { get; init; }

    [FromQuery(Name = "queue")]
    [MaxLength(JobLimits.MaxQueueLength)]
    [Description("Only jobs of this queue.")]
    public string? Queue { get; init; }

    [FromQuery(Name = "q")]
    [MaxLength(JobLimits.MaxNameLength)]
    [Description("Only jobs whose name contains this text.")]
    public string? Q { get; init; }

    [FromQuery(Name = "label")]
    [Description("Only jobs with this label, as key=value; repeat the parameter for several, all of which must match.")]
    public string[]? Label { get; init; }
}
