using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Gnomon.Gateway.Retries;

/// <summary>Reads a request body into a rewindable buffer before the first try, so a retry can send it again.</summary>
internal static class RequestBodyBuffer
{
    /// <summary>Buffers the body; false when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<bool> TryBufferAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return true;
        }

        // Kestrel enforces the limit for a declared length and for a chunked body alike.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxSize)
        {
            maxSize.MaxRequestBodySize = limit;
        }

        // Small bodies stay in memory; larger ones, up to the limit, go to a temporary file.
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024);
        try
        {
            await context.Request.Body.DrainAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        context.Request.Body.Position = 0;
        return true;
    }
}
