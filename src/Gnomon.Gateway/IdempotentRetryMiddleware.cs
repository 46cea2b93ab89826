using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gnomon.Gateway;

/// <summary>
/// Resends an idempotent request to another master when the first could not be reached (refused, reset, timed
/// out before an answer), so a client sees no error when a master dies. Runs first in the proxy pipeline, so each
/// try goes through load balancing and passive health again, with the masters already tried left out.
/// </summary>
/// <remarks>
/// Only while nothing was sent to the client. POST and PATCH are never resent: the first master may have acted
/// on them before it failed.
/// </remarks>
internal sealed partial class IdempotentRetryMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<IdempotentRetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (!IsIdempotent(context.Request.Method) || (context.Request.ContentLength ?? 0) > options.Value.MaxRetryBodyBytes)
        {
            await next(context);
            return;
        }

        // A body that can be read again from the start, for the next try.
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: options.Value.MaxRetryBodyBytes);
        var remaining = proxy.AvailableDestinations.ToList();
        while (true)
        {
            proxy.AvailableDestinations = remaining;
            await next(context);

            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || !IsRetriable(error.Error) || context.Response.HasStarted || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            remaining = [.. remaining.Where(d => d != failed)];
            if (remaining.Count == 0)
            {
                return;
            }

            LogRetrying(context.Request.Method, context.Request.Path, failed.DestinationId, error.Error);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Request.Body.Position = 0;
        }
    }

    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    // Failures of reaching the master or of its answer; not the client's own (request body, cancellation).
    private static bool IsRetriable(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations
            or ForwarderError.ResponseHeaders;

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "{Method} {Path} failed on master {Destination} ({Error}); trying another")]
    private partial void LogRetrying(string method, PathString path, string destination, ForwarderError error);
}
