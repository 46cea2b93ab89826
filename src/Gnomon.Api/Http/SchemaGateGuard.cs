using System.Globalization;
using Gnomon.Store.Connections;
using Gnomon.Store.Migrations;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Http;

/// <summary>Answers <c>/api</c> and <c>/dashboard</c> requests with 503 and <c>Retry-After</c> while the node waits for its database at start.</summary>
/// <remarks>A node started while no primary answers serves health and waits; its API says so rather than failing on tables not there yet.</remarks>
internal sealed class SchemaGateGuard(RequestDelegate next, SchemaGate gate, DatabaseConnection database)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (gate.IsOpen || !(context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase)))
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = DatabaseUnavailableHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Starting: waiting for the database",
            detail: "This node is waiting for a primary database to apply its schema"
                + (database.LastError is { } error ? $" (last error: {error})" : "") + ". Retry shortly.").ExecuteAsync(context);
    }
}
