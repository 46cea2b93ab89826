using System.ComponentModel.DataAnnotations;

namespace Gnomon.Gateway.RateLimiting;

/// <summary>How many requests each client may make through the gateway, bound from <c>Gateway:RateLimit</c>.</summary>
/// <remarks>A client is its API key once authenticated, else its address, so many users behind one NAT do not share a budget.</remarks>
public sealed record GatewayRateLimitOptions
{
    public const string Section = "Gateway:RateLimit";

    /// <summary>Requests a client may make per <see cref="Window"/>; 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int PermitLimit { get; init; } = 1000;

    /// <summary>The fixed window the permits are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);
}
