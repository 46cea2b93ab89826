namespace Gnomon.Client.Nodes;

/// <summary>One check of a <see cref="HealthReport"/>.</summary>
public sealed record HealthCheck
{
    /// <summary><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
    public required string Status { get; init; }

    /// <summary>What it found.</summary>
    public string? Description { get; init; }

    /// <summary>How long it took.</summary>
    public double DurationMs { get; init; }
}
