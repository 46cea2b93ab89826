using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
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
}
