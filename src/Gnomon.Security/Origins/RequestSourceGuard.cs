using Microsoft.AspNetCore.Http;

namespace Gnomon.Security.Origins;

/// <summary>Refuses requests whose <c>Host</c> is not one this node answers to, and browser requests from another web origin.</summary>
/// <remarks>
/// <para>
/// ASP.NET Core's host filtering (<c>AllowedHosts</c>) matches the same way (<see cref="HostString.MatchesAny"/>, used
/// here) but answers with an HTML page and takes a fixed list; this guard answers with problem details that say which
/// setting to change, and its list includes the addresses the node is bound to, known only once it listens.
/// </para>
/// <para>
/// An <c>Origin</c> is accepted only when its host is one the node answers to, and for state-changing requests only when
/// it is this very origin (scheme, host and port); those are also refused when the browser reports them as cross-site or
/// same-site (<c>Sec-Fetch-Site</c>) or from an opaque origin (<c>Origin: null</c>): requiring <c>application/json</c> stops HTML forms, but not a body-less <c>fetch</c> (a trigger,
/// a pause). Non-browser clients send neither header and are unaffected.
/// </para>
/// </remarks>
internal sealed class RequestSourceGuard(RequestDelegate next, AllowedHosts allowedHosts)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.Value ?? "";
        if (host.Length > 0 && !allowedHosts.Allows(host))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Host not allowed",
                detail: $"This node does not answer to the host name '{Shorten(host)}'. It answers to the names in Security:AllowedHosts, "
                    + "localhost and the addresses it listens on; add the name there if clients use it (a request that reached a "
                    + "node through a name it was not given may be a DNS rebinding attack).").ExecuteAsync(context);
        }

        if (RefusedOrigin(request) is { } why)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused",
                detail: why).ExecuteAsync(context);
        }

        return next(context);
    }

    private string? RefusedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var unsafeMethod = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (origin.Length > 0 && origin != "null")
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !allowedHosts.Allows(uri.Authority))
            {
                return $"Requests from the web origin '{Shorten(origin)}' are not accepted: its host is not one this node answers to (Security:AllowedHosts).";
            }
        }

        if (unsafeMethod && (site is "cross-site" or "same-site" || origin == "null"
            || (origin.Length > 0 && !string.Equals(new Uri(origin).Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))))
        {
            return "State-changing requests from another web origin are not accepted.";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
