using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>Small helpers for talking JSON to the API and checking its answers exactly.</summary>
public static class ApiJson
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>A job name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 200)];

    public static StringContent Json(string text, string contentType = "application/json") =>
        new(text, Encoding.UTF8, new MediaTypeHeaderValue(contentType));

    public static StringContent Json(JsonNode node, string contentType = "application/json") => Json(node.ToJsonString(), contentType);

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        configure?.Invoke(request);
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The body is JSON null.");
    }

    /// <summary>Asserts the status and returns the JSON body; the failure message shows the body.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> (in the status line and the body) and returns it.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = (await response.ExpectAsync(status)).AsObject();
        Assert.Equal(ProblemContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (int)body["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]), "a problem has a title");
        return body;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> has exactly the keys <paramref name="keys"/>; returns the errors.</summary>
    public static async Task<JsonObject> ExpectValidationAsync(this HttpResponseMessage response, params string[] keys)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.NotNull(errors);
        Assert.Equal(keys.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        foreach (var (_, messages) in errors)
        {
            Assert.NotEmpty(messages!.AsArray());
            Assert.All(messages.AsArray(), m => Assert.False(string.IsNullOrWhiteSpace((string?)m)));
        }

        return errors;
    }

    public static async Task<JsonObject> CreateJobAsync(this HttpClient client, JsonObject job)
    {
        var response = await client.PostAsync("/api/v1/jobs", Json(job));
        return (await response.ExpectAsync(HttpStatusCode.Created)).AsObject();
    }

    public static async Task<JsonObject> GetExecutionAsync(this HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/v1/executions/{id}");
        return (await response.ExpectAsync(HttpStatusCode.OK)).AsObject();
    }

    /// <summary>All executions of a job (following cursors), newest first.</summary>
    public static async Task<List<JsonObject>> ListExecutionsAsync(this HttpClient client, string job)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/jobs/{job}/executions?limit=500" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return items;
    }

    public static async Task<JsonObject> TriggerAsync(this HttpClient client, string job)
    {
        var response = await client.PostAsync($"/api/v1/jobs/{job}/trigger", null);
        return (await response.ExpectAsync(HttpStatusCode.Accepted)).AsObject();
    }

    /// <summary>Polls an execution until <paramref name="done"/> holds.</summary>
    public static Task<JsonObject> WaitForExecutionAsync(this HttpClient client, string id, Func<JsonObject, bool> done, string what, TimeSpan? timeout = null) =>
        Gnomon.Testing.Eventually.WaitAsync(() => client.GetExecutionAsync(id), done, what, timeout);

    public static bool IsFinished(JsonObject execution) =>
        (string?)execution["status"] is "succeeded" or "failed" or "timedOut" or "cancelled" or "skipped";

    public static DateTimeOffset Instant(JsonNode? node) =>
        DateTimeOffset.Parse((string)node!, System.Globalization.CultureInfo.InvariantCulture);
}
