using Gnomon.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace Gnomon.Gateway.Routing;

/// <summary>The paths passed on to the masters; everything else (the gateway's own health) is answered here.</summary>
/// <remarks>
/// The key is checked here, before a request reaches a master, and on the same paths as the masters check it: the
/// OpenAPI document and its reference page are public documentation, everything else falls under the fallback
/// policy (no policy named). The dashboard is the exception: a browser sends no key, so the gateway passes it on and
/// the masters' dashboard asks for one (its sign-in cookie), and every call it makes to the API is key-checked there.
/// Its requests keep their <c>Host</c>, so the redirects and links a master writes point back through the gateway.
/// </remarks>
internal static class GatewayRoutes
{
    /// <summary>YARP's reserved policy name for a route open to anyone.</summary>
    private const string Anonymous = "Anonymous";

    public static IReadOnlyList<RouteConfig> All { get; } =
    [
        Route("api", "/api/{**rest}"),
        Route("openapi", "/openapi/{**rest}", Anonymous),
        Route("docs", "/docs/{**rest}", Anonymous),
        Route("dashboard", "/dashboard/{**rest}", Anonymous) with
        {
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        },
    ];

    private static RouteConfig Route(string id, string path, string? authorizationPolicy = null) => new()
    {
        RouteId = id,
        ClusterId = MastersCluster.Id,
        Match = new RouteMatch { Path = path },
        AuthorizationPolicy = authorizationPolicy,
        RateLimiterPolicy = ClientRateLimiter.PolicyName,
    };
}
