using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Http;

/// <summary>Refuses state-changing requests a browser sends on behalf of another site.</summary>
/// <remarks>
/// Requiring <c>application/json</c> already stops HTML forms; a body-less cross-site <c>fetch</c> (a trigger,
/// a pause) would still get through, so unsafe methods from another origin are refused as well. Non-browser
/// clients send neither header and are unaffected.
/// </remarks>
internal sealed class CrossOriginGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && IsCrossSite(request))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused",
                detail: "State-changing requests from another web origin are not accepted.").ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null" && site.Length == 0)
        {
            return origin == "null";
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
            !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
