using System.ComponentModel.DataAnnotations;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gnomon.Gateway;

/// <summary>Settings of <c>gnomon gateway</c>, bound from <c>Gateway</c>.</summary>
public sealed record GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Base URLs of the masters, e.g. <c>http://10.0.0.5:5000</c>; adding a master is adding an entry.</summary>
    public IReadOnlyList<string> Masters { get; init; } = [];

    /// <summary>How often each master's <c>/health/ready</c> is probed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a master whose requests failed in transport is left out before it is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReactivationPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE) is held and tried again while no master can serve
    /// it (all answer 502/503/504 or none is ready: their database failing over); then the client gets the last answer.
    /// </summary>
    /// <remarks>Longer than a failover of the database (docs/operations.md), so clients of such requests see none. Zero turns waiting off.</remarks>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest body of an idempotent request (PUT, DELETE, …) buffered so it can be resent to another master; larger ones get 413.</summary>
    /// <remarks>The masters' own cap is <c>Api:MaxBodyBytes</c> (1 MiB by default); keep the two equal.</remarks>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRetryBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How a request picks among the healthy masters: one of YARP's policy names.</summary>
    [AllowedValues("PowerOfTwoChoices", "RoundRobin", "LeastRequests", "Random", "FirstAlphabetical")]
    public string LoadBalancingPolicy { get; init; } = LoadBalancingPolicies.PowerOfTwoChoices;
}
