using Gnomon.Gateway.Health;
using Gnomon.Gateway.RateLimiting;
using Gnomon.Gateway.Retries;
using Gnomon.Gateway.Routing;
using Gnomon.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace Gnomon.Gateway;

/// <summary>Registers and maps the gateway: YARP in front of the masters, with the masters' own API keys.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddGnomonGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddGnomonSecurity();
        services.AddGnomonRequestSourceGuard();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy<string, ClientRateLimiter>(ClientRateLimiter.PolicyName);
        });
        services.AddHealthChecks().AddCheck<MastersHealthCheck>("masters", tags: ["ready"]);

        // The masters are read from the validated options when YARP first loads its configuration, at MapGnomonGateway.
        services.AddSingleton<IProxyConfigProvider>(sp =>
            new InMemoryConfigProvider(GatewayRoutes.All, [MastersCluster.From(sp.GetRequiredService<IOptions<GatewayOptions>>().Value)]));
        services.AddReverseProxy().AddTransforms(t => t.AddResponseTransform(UnavailableResponseTransform.ApplyAsync));
        services.AddOptions<TransportFailureRateHealthPolicyOptions>().Configure<IOptions<GatewayOptions>>((passive, gateway) =>
        {
            // A dead master fails every request: a few are enough to tell, and it stays out for the reactivation period.
            passive.MinimalTotalCountThreshold = 3;
            passive.DetectionWindowSize = gateway.Value.ReactivationPeriod;
        });

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        return services;
    }

    /// <summary>Maps the gateway's own health endpoints and the routes to the masters.</summary>
    /// <exception cref="OptionsValidationException">The masters are missing or invalid.</exception>
    public static WebApplication MapGnomonGateway(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseGnomonRequestSourceGuard();
        app.UseAuthentication();
        // Before authorization, so guessing keys from one address is throttled too.
        app.UseRateLimiter();
        app.UseAuthorization();

        // Load balancers call these without a key; they tell only whether a master can be reached.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        }).AllowAnonymous();

        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<IdempotentRetryMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
