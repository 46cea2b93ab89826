using Gnomon.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Gnomon.Gateway;

/// <summary>Builds <c>gnomon gateway</c>: YARP in front of the masters, with the same API keys as they use.</summary>
public static class GatewayApplication
{
    /// <param name="args">Command-line switches, applied over appsettings and environment variables.</param>
    /// <param name="defaults">Settings that apply unless configuration says otherwise.</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? defaults = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(GatewayApplication).Assembly.GetName().Name });
        if (defaults is not null)
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        }

        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        if (options.Problem() is { } problem)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), [problem]);
        }

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGnomonSecurity();
        builder.Services.AddReverseProxy().LoadFromMemory(GatewayConfig.Routes(), GatewayConfig.Clusters(options));
        builder.Services.AddHealthChecks().AddCheck<MastersHealthCheck>("masters", tags: ["ready"]);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
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
