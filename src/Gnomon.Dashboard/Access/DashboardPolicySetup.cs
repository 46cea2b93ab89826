using Gnomon.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Gnomon.Dashboard.Access;

/// <summary>The dashboard policy: signed in with a key, unless the node serves without keys (<c>gnomon dev</c>, <c>Security:AllowAnonymous</c>).</summary>
internal sealed class DashboardPolicySetup(IOptions<SecurityOptions> security) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions options)
    {
        var policy = new AuthorizationPolicyBuilder(DashboardAccess.Scheme);
        options.AddPolicy(DashboardAccess.Policy, security.Value.AllowAnonymous
            ? policy.RequireAssertion(_ => true).Build()
            : policy.RequireAuthenticatedUser().RequireClaim(DashboardAccess.KeyClaim).Build());
    }
}
