using System.ComponentModel.DataAnnotations;

namespace Gnomon.Api;

/// <summary>Settings of the REST API, bound from <c>Api</c>.</summary>
public sealed record ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest body of <c>POST /api/v1/jobs/batch</c>; larger ones get 413.</summary>
    /// <remarks>Its own limit: 1,000 jobs with descriptions, headers and payloads outgrow the single-job one.</remarks>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBatchBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Whether shell jobs may be created; set from <c>Executors:Shell:Enabled</c>, the workers' switch.</summary>
    public bool ShellEnabled { get; set; }

    /// <summary>A node is shown dead when silent this long.</summary>
    public TimeSpan NodeDeadAfter { get; init; } = TimeSpan.FromSeconds(15);
}
