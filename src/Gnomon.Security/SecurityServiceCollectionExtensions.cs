using Gnomon.Security.Origins;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gnomon.Security;

/// <summary>API-key authentication for the masters and the gateway.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Every endpoint then needs <c>Authorization: Bearer &lt;key&gt;</c> unless it is marked anonymous or
    /// <c>Security:AllowAnonymous</c> is set; the settings are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddGnomonSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddProblemDetails();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, ApiKeyFallbackPolicySetup>();
        return services;
    }

    /// <summary>
    /// Adds the check every HTTP node makes before anything else: <c>Host</c> must be a name it answers to
    /// (<c>Security:AllowedHosts</c>, localhost, its addresses) and a browser's <c>Origin</c> one of those.
    /// </summary>
    public static IServiceCollection AddGnomonRequestSourceGuard(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, AllowedHostsValidator>());
        services.TryAddSingleton<AllowedHosts>();
        return services;
    }

    /// <summary>Puts the guard of <see cref="AddGnomonRequestSourceGuard"/> in the pipeline.</summary>
    public static IApplicationBuilder UseGnomonRequestSourceGuard(this IApplicationBuilder app) => app.UseMiddleware<RequestSourceGuard>();
}
