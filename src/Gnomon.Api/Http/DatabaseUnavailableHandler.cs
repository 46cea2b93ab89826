using Gnomon.Store.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Gnomon.Api.Http;

/// <summary>Answers 503 with <c>Retry-After</c>, not 500, when a request fails because the database is busy or away.</summary>
/// <remarks>
/// Such a failure says nothing about the request, and the same request can succeed a moment later: a write that
/// waited too long for another write of the same job, a pool with no connection free, a server that is restarting or
/// failing over. Every other exception stays a 500.
/// </remarks>
internal sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not { } problem || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: problem.Title, detail: problem.Detail).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The problem to report for <paramref name="exception"/>, or null when it is not the database's state.</summary>
    internal static (string Title, string Detail)? Describe(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } =>
            ("The job is being changed by another request", "Another change of the same job held it longer than this request may wait; nothing was changed. Retry shortly."),
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.QueryCanceled } =>
            ("The database is busy", "The request collided with other work in the database and was not applied. Retry shortly."),
        PostgresException when DatabaseErrors.IsUnavailable(exception) =>
            ("The database is unavailable", "The database is restarting, failing over or full; retry shortly."),
        PostgresException => null,
        _ when DatabaseErrors.IsUnavailable(exception) =>
            ("The database is unavailable", "The database could not be reached or had no connection free in time; retry shortly."),
        _ => null,
    };
}
