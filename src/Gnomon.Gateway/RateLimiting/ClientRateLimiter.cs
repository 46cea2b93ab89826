using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Gateway.RateLimiting;

/// <summary>A fixed window of <see cref="GatewayRateLimitOptions.PermitLimit"/> requests per client; over it, 429 with <c>Retry-After</c>.</summary>
internal sealed class ClientRateLimiter(IOptions<GatewayRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "per-client";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var limit = options.Value;
        if (limit.PermitLimit == 0)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        // Authentication has run by now: a known key is the client; before that (or with a wrong key) the address is.
        var client = httpContext.User.Identity is { IsAuthenticated: true, Name: { } key }
            ? "key:" + key
            : "address:" + httpContext.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "this client has used its share of requests for now (Gateway:RateLimit); retry after the Retry-After seconds",
            },
        });
    }
}
