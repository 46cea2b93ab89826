using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace Gnomon.Gateway.Retries;

/// <summary>Keeps a master's 502/503/504 from the client while another try may answer instead.</summary>
/// <remarks>
/// YARP calls this after copying the status and headers but before sending anything, so suppressing the body
/// leaves a response that can still be cleared and replaced by the next master's.
/// </remarks>
internal static class UnavailableResponseTransform
{
    public static ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var attempt = context.HttpContext.Features.Get<RetryAttempt>();
        if (attempt is { MayRetry: true } && context.ProxyResponse is { } response && IsUnavailable((int)response.StatusCode))
        {
            attempt.HeldBackStatus = (int)response.StatusCode;
            context.SuppressResponseBody = true;
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsUnavailable(int status) =>
        status is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout;
}
