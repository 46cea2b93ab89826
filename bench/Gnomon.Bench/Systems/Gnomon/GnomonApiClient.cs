using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>The REST calls the scenarios make, over real HTTP.</summary>
internal sealed class GnomonApiClient(Uri address) : IDisposable
{
    /// <summary>The most jobs one batch create takes.</summary>
    public const int BatchSize = 1000;

    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Creates jobs with <c>POST /api/v1/jobs/batch</c>, <see cref="BatchSize"/> per request, one request at a time.</summary>
    public async Task CreateBatchAsync(IReadOnlyList<JsonObject> jobs, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/jobs/batch", UriKind.Relative), new JsonObject { ["jobs"] = new JsonArray([.. jobs]) }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"batch create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Sends a GET and reads the whole answer; throws unless it is 200.</summary>
    public async Task GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
