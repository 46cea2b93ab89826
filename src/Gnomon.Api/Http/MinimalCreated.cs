using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Http;

/// <summary>201 with no body, for a request that asked <c>Prefer: return=minimal</c>; says so in <c>Preference-Applied</c>.</summary>
/// <remarks>
/// Not an <c>IEndpointMetadataProvider</c> on purpose: the OpenAPI document keeps describing the endpoint's full 201
/// answer (a bodiless <c>Created</c> in the same union replaced its schema with none), and the endpoint's
/// description says when the body is left out.
/// </remarks>
internal sealed class MinimalCreated : IResult
{
    public static readonly MinimalCreated Instance = new();

    private MinimalCreated()
    {
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status201Created;
        httpContext.Response.Headers[PreferHeader.AppliedHeader] = PreferHeader.ReturnMinimal;
        httpContext.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
