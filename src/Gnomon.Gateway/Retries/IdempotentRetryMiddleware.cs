using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gnomon.Gateway.Retries;

/// <summary>
/// Sends an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE) to another master when the one tried could not
/// be reached, broke off before answering, or answered 502/503/504, so a client sees no error when a master dies;
/// and, while every master is unavailable (their database failing over), holds it and tries again for up to
/// <see cref="GatewayOptions.RetryBudget"/>.
/// </summary>
/// <remarks>
/// It runs first in the proxy pipeline, so every try goes through load balancing and passive health checks again,
/// among the masters not tried yet in this round. Only while nothing has reached the client. POST and PATCH are never
/// resent: the first master may have acted on them before it failed.
/// </remarks>
internal sealed partial class IdempotentRetryMiddleware(
    RequestDelegate next,
    IOptions<GatewayOptions> options,
    IProblemDetailsService problems,
    TimeProvider timeProvider,
    ILogger<IdempotentRetryMiddleware> logger)
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsIdempotent(context.Request.Method))
        {
            await next(context);
            return;
        }

        var limit = options.Value.MaxRetryBodyBytes;
        if (!await RequestBodyBuffer.TryBufferAsync(context, limit))
        {
            await RefuseTooLargeAsync(context, limit);
            return;
        }

        var proxy = context.GetReverseProxyFeature();
        var untried = proxy.AvailableDestinations.ToList();
        var attempt = new RetryAttempt();
        context.Features.Set(attempt);
        var deadline = timeProvider.GetTimestamp() + (long)(options.Value.RetryBudget.TotalSeconds * timeProvider.TimestampFrequency);
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var budgetLeft = timeProvider.GetTimestamp() < deadline;
            attempt.MayRetry = untried.Count > 1 || budgetLeft;
            attempt.HeldBackStatus = null;
            proxy.AvailableDestinations = untried;
            await next(context);

            var failure = untried.Count == 0 && context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable
                ? "no master is ready"
                : Failure(context, attempt);
            if (failure is null || !attempt.MayRetry || context.Response.HasStarted)
            {
                return;
            }

            if (proxy.ProxiedDestination is { } tried)
            {
                untried.Remove(tried);
                LogRetrying(context.Request.Method, context.Request.Path, tried.DestinationId, failure);
            }

            if (untried.Count == 0)
            {
                // Every master was tried and none could serve it (their database is failing over, say): wait, then a new round.
                LogWaiting(context.Request.Method, context.Request.Path, failure, pause);
                await Task.Delay(pause, timeProvider, context.RequestAborted);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
                untried = [.. context.GetRouteModel().Cluster?.DestinationsState.AvailableDestinations ?? proxy.AllDestinations];
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }
        }
    }

    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    /// <summary>Why the try failed on the master's side, or null when it did not (or the client is to blame).</summary>
    private static string? Failure(HttpContext context, RetryAttempt attempt)
    {
        if (attempt.HeldBackStatus is { } status)
        {
            return $"answered {status}";
        }

        return context.Features.Get<IForwarderErrorFeature>()?.Error switch
        {
            ForwarderError.Request => "could not be reached",
            ForwarderError.RequestTimedOut => "did not answer in time",
            ForwarderError.RequestBodyDestination => "stopped reading the request",
            ForwarderError.ResponseBodyDestination => "broke off its answer",
            _ => null,
        };
    }

    private ValueTask RefuseTooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"the body is over {limit} bytes, the most the gateway keeps to resend a {context.Request.Method} (Gateway:MaxRetryBodyBytes)",
            },
        });
    }

    [LoggerMessage(EventId = EventIds.IdempotentRetryMiddlewareWaiting, Level = LogLevel.Information, Message = "{Method} {Path}: {Failure} on any master; trying again in {Pause}")]
    private partial void LogWaiting(string method, PathString path, string failure, TimeSpan pause);

    [LoggerMessage(EventId = EventIds.IdempotentRetryMiddlewareRetrying, Level = LogLevel.Warning, Message = "{Method} {Path}: master {Destination} {Failure}; trying another")]
    private partial void LogRetrying(string method, PathString path, string destination, string failure);
}
