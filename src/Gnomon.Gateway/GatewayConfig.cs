using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gnomon.Gateway;

/// <summary>The YARP routes and the one cluster of masters, built from <see cref="GatewayOptions"/>.</summary>
internal static class GatewayConfig
{
    public const string ClusterId = "masters";

    /// <summary>YARP's reserved policy name for a route open without a key: the public documentation.</summary>
    public const string Anonymous = "anonymous";

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route("api", "/api/{**rest}", authorization: null),
        Route("openapi", "/openapi/{**rest}", Anonymous),
        Route("docs", "/docs/{**rest}", Anonymous),
        Route("dashboard", "/dashboard/{**rest}", authorization: null),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
            Destinations = options.Masters
                .Select((url, i) => (Id: $"master-{i}", Config: new DestinationConfig { Address = url, Health = url }))
                .ToDictionary(d => d.Id, d => d.Config),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = options.HealthCheckInterval,
                    Timeout = TimeSpan.FromSeconds(Math.Clamp(options.HealthCheckInterval.TotalSeconds, 0.5, 5)),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health/ready",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = options.ReactivationPeriod,
                },
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
        },
    ];

    private static RouteConfig Route(string id, string path, string? authorization) => new()
    {
        RouteId = id,
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = path },
        AuthorizationPolicy = authorization,
    };
}
