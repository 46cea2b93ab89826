using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Http;

/// <summary>The API's bulkhead: at most <see cref="ApiOptions.MaxConcurrentRequests"/> requests to <c>/api</c> at once, a bounded line behind them.</summary>
/// <remarks>
/// Each request holds at most one database connection at a time, so the API never holds more than the limit; the
/// scheduler and the worker keep the rest of the pool however many clients pile on. A full line is answered at once
/// with 503 and <c>Retry-After</c> rather than left to wait for a connection and fail late.
/// </remarks>
internal static class ApiConcurrencyLimit
{
    public static void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                return RateLimitPartition.GetNoLimiter("other");
            }

            var api = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
            return RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = api.MaxConcurrentRequests,
                QueueLimit = api.MaxQueuedRequests,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
        options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
        options.OnRejected = (context, _) =>
        {
            var response = context.HttpContext.Response;
            response.Headers.RetryAfter = DatabaseUnavailableHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many requests in progress",
                detail: "This node is serving as many API requests as it may (Api:MaxConcurrentRequests) and its line is full "
                    + "(Api:MaxQueuedRequests); nothing was done. Retry shortly.").ExecuteAsync(context.HttpContext));
        };
    }
}
