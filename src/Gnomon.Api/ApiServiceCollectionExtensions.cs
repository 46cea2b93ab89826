using Gnomon.Api.Executions;
using Gnomon.Api.Health;
using Gnomon.Api.Http;
using Gnomon.Api.Jobs;
using Gnomon.Api.Json;
using Gnomon.Api.Nodes;
using Gnomon.Api.OpenApi;
using Gnomon.Api.Schedules;
using Gnomon.Api.Stats;
using Gnomon.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Scalar.AspNetCore;

namespace Gnomon.Api;

/// <summary>Registers and maps the REST API, health, metrics and the OpenAPI document.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Adds the API's services; with <paramref name="serveEndpoints"/> false only health and metrics are served (a worker).</summary>
    public static IServiceCollection AddGnomonApi(this IServiceCollection services, IConfiguration configuration, bool serveEndpoints)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            // One switch for both sides: the API refuses shell jobs exactly when workers would refuse to run them.
            .Configure(o => o.ShellEnabled = configuration.GetValue("Executors:Shell:Enabled", false))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = MediaTypeProblem.AddDetail);
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.ConfigureHttpJsonOptions(o => GnomonJson.Apply(o.SerializerOptions));
        services.AddGnomonRequestSourceGuard();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddSingleton<JobCommands>();
        services.AddRouting();
        if (serveEndpoints)
        {
            services.AddGnomonSecurity();
            services.AddRateLimiter(ApiConcurrencyLimit.Configure);
            services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ApiOptionsValidator>();
            services.AddOpenApi(o =>
            {
                o.CreateSchemaReferenceId = QueryParameterSchemaTransformer.ReferenceId;
                o.AddSchemaTransformer<InstantSchemaTransformer>().AddSchemaTransformer<QueryParameterSchemaTransformer>().AddDocumentTransformer<BearerSecurityTransformer>();
            });
        }

        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            // The reader enforces Api:MaxBodyBytes with a problem response; Kestrel's own cap stays above it.
            o.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
            o.AddServerHeader = false;
        });
        return services;
    }

    /// <summary>Maps the API (when <paramref name="serveEndpoints"/>), health checks and metrics, with the error handling every request gets.</summary>
    public static WebApplication MapGnomonApi(this WebApplication app, bool serveEndpoints)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own request errors (for example a body over its limit) keep their 4xx status.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseGnomonRequestSourceGuard();
        if (serveEndpoints)
        {
            // First: until the schema is current nothing behind may run, the dashboard's cookie (the key ring's table) included.
            app.UseMiddleware<SchemaGateGuard>();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseRateLimiter();
        }

        // Load balancers, the gateway's health checks and Prometheus call these without a key; they show no job data
        // (metrics are counters and timings labelled by status and route template, never by job).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        }).AllowAnonymous();
        app.MapMetrics("/metrics").AllowAnonymous();

        if (serveEndpoints)
        {
            // The contract and its reference page are public documentation; calling the API needs a key.
            app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
            app.MapScalarApiReference("/docs", ConfigureReferencePage).AllowAnonymous();
            app.MapGet("/", () => Results.Redirect("/docs/v1")).ExcludeFromDescription().AllowAnonymous();
            // Any API call may meet a full request line or a busy database: 503 with Retry-After (docs/operations.md).
            var api = ((IEndpointRouteBuilder)app).MapGroup("").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
            api.MapJobsApi().MapExecutionsApi().MapSchedulesApi().MapNodesApi().MapStatsApi();
        }

        return app;
    }

    /// <summary>
    /// The reference page of a private scheduler: nothing on it reaches the reference tool's hosted services (its AI chat,
    /// MCP link, deploy and share toolbar, telemetry, web fonts), so it works, and leaks nothing, without the internet.
    /// </summary>
    private static void ConfigureReferencePage(ScalarOptions options)
    {
        options.WithTitle("Gnomon API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableAgent().DisableMcp();
        options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        options.Telemetry = false;
        options.DefaultFonts = false;
    }
}
