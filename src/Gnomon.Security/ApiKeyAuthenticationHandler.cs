using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gnomon.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against <see cref="SecurityOptions.ApiKeys"/>.</summary>
/// <remarks>Keys are compared as SHA-256 digests in constant time, so neither a key's length nor its prefix leaks through timing.</remarks>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    IOptionsMonitor<SecurityOptions> security,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not 'Bearer <key>'"));
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()));
        var keys = security.CurrentValue.ApiKeys;
        var match = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            // Every key is compared, matched or not, so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i]))))
            {
                match = i;
            }
        }

        if (match < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api-key-{match}")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        // The middleware keeps only a successful result in the request's features; the handler's own result (cached per request) has the failure.
        var failure = (await HandleAuthenticateOnceAsync()).Failure?.Message;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = failure ?? "this API needs 'Authorization: Bearer <key>' with a configured API key",
            },
        });
    }
}
