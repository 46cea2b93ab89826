using System.Net;
using System.Text;

namespace Gnomon.Client;

/// <summary>The server refused a call: its status, and the problem details it sent (RFC 9457).</summary>
/// <remarks>One type for every refusal, so a caller switches on <see cref="StatusCode"/> and reads <see cref="Errors"/> for the fields that were wrong.</remarks>
public sealed class GnomonApiException : Exception
{
    /// <summary>A refusal with its details.</summary>
    public GnomonApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors, TimeSpan? retryAfter)
        : base(Describe(statusCode, title, detail, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
        RetryAfter = retryAfter;
    }

    /// <summary>An empty exception (for serializers and tests).</summary>
    public GnomonApiException()
        : this(HttpStatusCode.InternalServerError, null, null, null, null)
    {
    }

    /// <summary>A refusal described only by <paramref name="message"/>.</summary>
    public GnomonApiException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>A refusal described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public GnomonApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The HTTP status: 400 invalid, 401/403 key, 404 not found, 409 conflict, 412 <c>If-Match</c> failed, 503 busy.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title.</summary>
    public string? Title { get; }

    /// <summary>The problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>The messages per field, keyed by the field's JSON path (<c>schedule.cron</c>) or query parameter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>How long the server asked the caller to wait (with 503 and 429).</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var text = new StringBuilder().Append((int)status).Append(' ').Append(title ?? status.ToString());
        if (!string.IsNullOrEmpty(detail))
        {
            text.Append(": ").Append(detail);
        }

        foreach (var (field, messages) in errors ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            text.AppendLine().Append("  ").Append(field).Append(": ").AppendJoin("; ", messages);
        }

        return text.ToString();
    }
}
