using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gnomon.Host.Tests.Infrastructure;

/// <summary>The few REST calls these tests make, over real HTTP, as JSON nodes (the tests read the wire format, not our DTOs).</summary>
internal sealed class GnomonApi(int port) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonNode> CreateJobAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), content);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonNode> TriggerAsync(string job, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"/api/v1/jobs/{job}/trigger", UriKind.Relative), content);
        return await ReadAsync(response, HttpStatusCode.Accepted);
    }

    public async Task<JsonNode?> GetJobAsync(string job)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/jobs/{job}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonNode> GetExecutionAsync(string id)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/executions/{id}", UriKind.Relative));
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Every execution of a job, following the cursor.</summary>
    public async Task<IReadOnlyList<JsonNode>> ExecutionsOfAsync(string job)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var query = $"/api/v1/jobs/{job}/executions?limit=500" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await _http.GetAsync(new Uri(query, UriKind.Relative));
            var page = await ReadAsync(response, HttpStatusCode.OK);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return items;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }

        return JsonNode.Parse(body) ?? throw new HttpRequestException("empty body");
    }
}
