using Gnomon.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gnomon.Gateway.Health;

/// <summary>The gateway is ready while at least one master is healthy, as its probes and its traffic see it.</summary>
/// <remarks>
/// Reads each master's health rather than YARP's available destinations: in panic mode those are every master,
/// healthy or not, and a load balancer should then route around this gateway.
/// </remarks>
internal sealed class MastersHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(MastersCluster.Id, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no masters configured"));
        }

        var all = cluster.Destinations.Values.ToList();
        var healthy = all.Count(IsHealthy);
        var description = $"{healthy} of {all.Count} masters healthy";
        return Task.FromResult(healthy > 0 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }

    // Unknown counts as healthy, as YARP routes to it: not probed yet, or failed one probe of the two that write it off.
    private static bool IsHealthy(DestinationState destination) =>
        destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
}
