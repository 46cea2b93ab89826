using Gnomon.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace Gnomon.Gateway.Routing;

/// <summary>The paths passed on to the masters; everything else (the gateway's own health) is answered here.</summary>
/// <remarks>
/// No route names an authorization policy, so each falls under the fallback policy: a key is needed exactly when
/// the masters would need one, and checked before a request reaches them.
/// </remarks>
internal static class GatewayRoutes
{
    public static IReadOnlyList<RouteConfig> All { get; } =
    [
        Route("api", "/api/{**rest}"),
        Route("openapi", "/openapi/{**rest}"),
        Route("docs", "/docs/{**rest}"),
        Route("dashboard", "/dashboard/{**rest}"),
    ];

    private static RouteConfig Route(string id, string path) => new()
    {
        RouteId = id,
        ClusterId = MastersCluster.Id,
        Match = new RouteMatch { Path = path },
        RateLimiterPolicy = ClientRateLimiter.PolicyName,
    };
}
