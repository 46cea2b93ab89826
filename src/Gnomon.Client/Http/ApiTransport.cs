using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gnomon.Client.Http;

/// <summary>Sends one call and turns a refusal into a <see cref="GnomonApiException"/>.</summary>
internal sealed class ApiTransport(HttpClient http)
{
    private const int MaxPlainDetail = 500;

    public async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, ifMatch, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the call; the caller disposes the (successful) response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body, string? ifMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A GET whose body is read whatever its status (health answers 503 with the same shape).</summary>
    public async Task<(HttpStatusCode Status, T Body)> ReadAnyStatusAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false));
    }

    public static JsonContent Json<T>(T body) => JsonContent.Create(body, options: GnomonJson.Options);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(GnomonJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new GnomonApiException($"{(int)response.StatusCode}: the server sent an empty body where {typeof(T).Name} was expected");

    private static async Task<GnomonApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return new GnomonApiException(response.StatusCode, Text(root, "title"), Text(root, "detail"), Errors(root), retryAfter);
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's page, say): its start says what happened.
        }

        var detail = text.Length > MaxPlainDetail ? text[..MaxPlainDetail] : text;
        return new GnomonApiException(response.StatusCode, response.ReasonPhrase, string.IsNullOrWhiteSpace(detail) ? null : detail.Trim(), null, retryAfter);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>>? Errors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                : [field.Value.ToString()];
        }

        return result;
    }
}
