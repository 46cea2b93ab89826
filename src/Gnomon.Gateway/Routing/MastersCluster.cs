using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Gnomon.Gateway.Routing;

/// <summary>The one YARP cluster: every master, probed on <c>/health/ready</c> and left out while it fails.</summary>
internal static class MastersCluster
{
    public const string Id = "masters";

    public static ClusterConfig From(GatewayOptions options) => new()
    {
        ClusterId = Id,
        LoadBalancingPolicy = options.LoadBalancingPolicy,
        Destinations = options.Masters
            .Select((url, i) => (Id: DestinationId(i), Config: new DestinationConfig { Address = url }))
            .ToDictionary(d => d.Id, d => d.Config),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheckInterval,
                Timeout = options.HealthCheckTimeout,
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health/ready",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = options.ReactivationPeriod,
            },
            // When every master looks unhealthy, trying them beats refusing everything: the probes may be what is wrong.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
        },
    };

    /// <summary>The destination id of <c>Gateway:Masters:<paramref name="index"/></c>, as it appears in logs.</summary>
    public static string DestinationId(int index) => $"master-{index}";
}
