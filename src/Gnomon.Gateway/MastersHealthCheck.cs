using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gnomon.Gateway;

/// <summary>The gateway is ready while at least one master is available (healthy, or not yet probed).</summary>
internal sealed class MastersHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(GatewayConfig.ClusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no masters configured"));
        }

        // Read the health itself: with every master down, the panic policy still offers them all to requests.
        var all = cluster.Destinations.Count;
        var available = cluster.Destinations.Values.Count(d =>
            d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);
        var description = $"{available} of {all} masters available";
        return Task.FromResult(available > 0 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
