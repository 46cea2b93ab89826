using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Http;

/// <summary>What a 415 says, whether the body reader or routing (an endpoint's <c>Accepts</c> metadata) refused the body.</summary>
internal static class MediaTypeProblem
{
    public const string Title = "Unsupported Media Type";

    /// <summary>The detail for <paramref name="method"/>: PATCH also takes a JSON merge patch.</summary>
    public static string Detail(string method) =>
        $"The request body must be sent with Content-Type: {(HttpMethods.IsPatch(method) ? "application/json or application/merge-patch+json" : "application/json")}.";

    /// <summary>
    /// Fills in the detail of a 415 that routing produced before any handler ran (it carries only a title), so
    /// every 415 tells the client which content type to send.
    /// </summary>
    public static void AddDetail(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && string.IsNullOrEmpty(context.ProblemDetails.Detail))
        {
            context.ProblemDetails.Detail = Detail(context.HttpContext.Request.Method);
        }
    }
}
