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

    /// <summary>API requests served at once; the others wait in line (a bulkhead: the API never takes the connections the scheduler and worker need).</summary>
    /// <remarks>Must leave <see cref="ReservedConnections"/> of the connection pool (<c>Max Pool Size</c>, 50 by default) to the other roles.</remarks>
    [Range(1, 1000)]
    public int MaxConcurrentRequests { get; init; } = 16;

    /// <summary>API requests waiting for one of <see cref="MaxConcurrentRequests"/>; beyond them, 503 with <c>Retry-After</c>.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; init; } = 1000;

    /// <summary>Connections of the pool the API never takes: the scheduler, the worker, the lease reaper and their listeners need them.</summary>
    public const int ReservedConnections = 10;

    /// <summary>A node is shown dead when silent this long.</summary>
    public TimeSpan NodeDeadAfter { get; init; } = TimeSpan.FromSeconds(15);
}
