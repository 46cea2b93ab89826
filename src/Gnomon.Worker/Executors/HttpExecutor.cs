using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gnomon.Domain.Executors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gnomon.Worker.Executors;

/// <summary>Runs <see cref="HttpExecutorSpec"/>: one HTTP call, success per <see cref="HttpExecutorSpec.IsSuccess"/>.</summary>
/// <remarks>
/// A body without a Content-Type header is sent as <c>application/json; charset=utf-8</c> when it is a JSON
/// object or array and as <c>text/plain; charset=utf-8</c> otherwise (a bare <c>42</c> or <c>"x"</c> is more
/// likely meant as text).
/// </remarks>
internal sealed partial class HttpExecutor(
    IHttpClientFactory clientFactory,
    IOptions<ExecutorOptions> options,
    ILogger<HttpExecutor> logger) : IExecutor
{
    /// <summary>The named <see cref="HttpClient"/> with the guarded handler.</summary>
    public const string ClientName = "Gnomon.Executors.Http";

    public const string ExecutionIdHeader = "X-Gnomon-Execution-Id";
    public const string AttemptHeader = "X-Gnomon-Attempt";
    public const string ScheduledAtHeader = "X-Gnomon-Scheduled-At";

    private const int ReadChunkBytes = 16 * 1024;

    private static readonly FrozenSet<string> s_methods =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    // Headers that HttpClient only accepts on the content; Content-Length is computed and never copied.
    private static readonly FrozenSet<string> s_contentHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Location", "Content-MD5",
        "Content-Range", "Content-Type", "Expires", "Last-Modified");

    private readonly ExecutorOptions _options = options.Value;

    public string Type => HttpExecutorSpec.TypeName;

    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Executor is not HttpExecutorSpec spec)
        {
            return ExecutionOutcome.Failed($"the http executor cannot run a '{request.Executor?.Type}' executor");
        }

        if (!spec.Url.IsAbsoluteUri || (spec.Url.Scheme != Uri.UriSchemeHttp && spec.Url.Scheme != Uri.UriSchemeHttps))
        {
            return ExecutionOutcome.Failed($"url '{spec.Url}' is not an absolute http or https url");
        }

        if (!s_methods.Contains(spec.Method))
        {
            return ExecutionOutcome.Failed(
                $"method '{spec.Method}' is not supported; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS");
        }

        HttpRequestMessage message;
        try
        {
            message = BuildRequest(request, spec);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            return ExecutionOutcome.Failed($"the request could not be built: {ex.Message}");
        }

        using (message)
        {
            return await SendAsync(request, spec, message, cancellationToken);
        }
    }

    private async Task<ExecutionOutcome> SendAsync(
        ExecutionRequest request, HttpExecutorSpec spec, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var host = spec.Url.Authority;
        LogSending(logger, request.ExecutionId, request.JobId, request.Attempt, message.Method.Method, host);
        HttpResponseMessage response;
        try
        {
            var client = clientFactory.CreateClient(ClientName);
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, request.ExecutionId, request.JobId, request.Attempt);
            throw ex as OperationCanceledException ?? new OperationCanceledException("the http call was cancelled", ex, cancellationToken);
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refusal)
        {
            LogRefused(logger, request.ExecutionId, request.JobId, request.Attempt, host, refusal.Message);
            return ExecutionOutcome.Failed(refusal.Message);
        }
        catch (Exception ex)
        {
            var reason = Describe(ex);
            LogCallFailed(logger, request.ExecutionId, request.JobId, request.Attempt, host, reason);
            return ExecutionOutcome.Failed($"{message.Method.Method} {host} failed: {reason}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var result = new JsonObject { ["httpStatus"] = status };
            var output = new BoundedOutput(_options.MaxOutputBytes);
            try
            {
                await ReadBodyAsync(response, output, cancellationToken);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                LogCancelled(logger, request.ExecutionId, request.JobId, request.Attempt);
                throw ex as OperationCanceledException ?? new OperationCanceledException("the http call was cancelled", ex, cancellationToken);
            }
            catch (Exception ex)
            {
                var reason = Describe(ex);
                LogCallFailed(logger, request.ExecutionId, request.JobId, request.Attempt, host, reason);
                return ExecutionOutcome.Failed(
                    $"reading the response body of {message.Method.Method} {host} (status {status}) failed: {reason}",
                    result,
                    output.ToString());
            }

            var succeeded = spec.IsSuccess(status);
            LogCompleted(logger, request.ExecutionId, request.JobId, request.Attempt, status, succeeded);
            return new ExecutionOutcome(
                succeeded,
                result,
                output.ToString(),
                succeeded ? null : $"{message.Method.Method} {host} answered {status} {response.ReasonPhrase}".TrimEnd());
        }
    }

    private static HttpRequestMessage BuildRequest(ExecutionRequest request, HttpExecutorSpec spec)
    {
        var message = new HttpRequestMessage(new HttpMethod(spec.Method.ToUpperInvariant()), spec.Url);
        try
        {
            if (spec.Body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(spec.Body));
            }

            var hasContentType = false;
            foreach (var (name, value) in spec.Headers ?? new Dictionary<string, string>())
            {
                if (name.StartsWith("X-Gnomon-", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // ours are set below and must not be spoofed
                }

                if (s_contentHeaders.Contains(name))
                {
                    // Without a body there is no content to describe.
                    if (message.Content is not null && !message.Content.Headers.TryAddWithoutValidation(name, value))
                    {
                        throw new FormatException($"header '{name}' is not valid");
                    }

                    hasContentType |= string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase);
                }
                else if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
                    && !message.Headers.TryAddWithoutValidation(name, value))
                {
                    throw new FormatException($"header '{name}' is not valid");
                }
            }

            if (message.Content is not null && !hasContentType)
            {
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(
                    IsJsonDocument(spec.Body!) ? "application/json" : "text/plain", "utf-8");
            }

            message.Headers.TryAddWithoutValidation(ExecutionIdHeader, request.ExecutionId.ToString());
            message.Headers.TryAddWithoutValidation(AttemptHeader, request.Attempt.ToString(CultureInfo.InvariantCulture));
            message.Headers.TryAddWithoutValidation(ScheduledAtHeader, request.ScheduledAt.ToString("O", CultureInfo.InvariantCulture));
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static bool IsJsonDocument(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads at most the limit plus one byte (to know whether the body was cut), then stops.</summary>
    private static async Task ReadBodyAsync(HttpResponseMessage response, BoundedOutput output, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
            try
            {
                while (!output.IsTruncated)
                {
                    var want = Math.Min(buffer.Length, output.Remaining + 1);
                    var read = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    output.Append(buffer.AsSpan(0, read));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static PrivateNetworkRefusedException? FindRefusal(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PrivateNetworkRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>The exception's message, followed by inner messages that add something.</summary>
    private static string Describe(Exception exception)
    {
        var text = new StringBuilder(exception.Message);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.ToString().Contains(inner.Message, StringComparison.Ordinal))
            {
                text.Append(": ").Append(inner.Message);
            }
        }

        return text.ToString();
    }
}
