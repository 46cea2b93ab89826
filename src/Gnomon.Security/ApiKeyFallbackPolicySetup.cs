using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Gnomon.Security;

/// <summary>Requires a key on every endpoint not marked anonymous, unless anonymous use is allowed.</summary>
/// <remarks>A fallback policy, not an attribute per endpoint, so an endpoint added later is protected without anyone remembering to.</remarks>
internal sealed class ApiKeyFallbackPolicySetup(IOptions<SecurityOptions> security) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions options)
    {
        if (!security.Value.AllowAnonymous)
        {
            options.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        }
    }
}
