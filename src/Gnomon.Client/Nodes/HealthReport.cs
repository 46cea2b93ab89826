namespace Gnomon.Client.Nodes;

/// <summary>What <c>GET /health/ready</c> says.</summary>
public sealed record HealthReport
{
    /// <summary><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Each check by name.</summary>
    public IReadOnlyDictionary<string, HealthCheck> Checks { get; init; } = new Dictionary<string, HealthCheck>();

    /// <summary>Whether the node is ready (the answer was 200).</summary>
    public bool IsReady { get; init; }
}
