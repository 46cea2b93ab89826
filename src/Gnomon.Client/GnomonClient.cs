using System.Globalization;
using System.Net;
using Gnomon.Client.Http;
using Gnomon.Client.Nodes;
using Gnomon.Client.Schedules;
using Gnomon.Client.Stats;

namespace Gnomon.Client;

/// <summary>The Gnomon HTTP API (docs/api.md) as typed calls: jobs, executions, nodes, schedules and health.</summary>
/// <remarks>
/// Every call takes a <see cref="CancellationToken"/>; every refusal is a <see cref="GnomonApiException"/>. Register it
/// with <c>services.AddGnomonClient(…)</c>, or construct it on an <see cref="HttpClient"/> whose <c>BaseAddress</c> is set.
/// </remarks>
public sealed partial class GnomonClient
{
    private const string Api = "api/v1/";
    private readonly ApiTransport _transport;

    /// <summary>A client on <paramref name="httpClient"/>, which carries the base address and the key.</summary>
    public GnomonClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the address of a Gnomon master or gateway.", nameof(httpClient));
        }

        _transport = new ApiTransport(httpClient);
    }

    /// <summary>Every node seen recently.</summary>
    public async Task<IReadOnlyList<Node>> GetNodesAsync(CancellationToken cancellationToken = default) =>
        (await _transport.SendAsync<Page<Node>>(HttpMethod.Get, Api + "nodes", null, null, cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>The last <paramref name="minutes"/> minutes (1–1440, the current one included) of attempts by outcome, fire lag and backlog.</summary>
    public Task<ClusterStats> GetStatsAsync(int minutes = 60, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<ClusterStats>(HttpMethod.Get, Api + "stats?minutes=" + minutes.ToString(CultureInfo.InvariantCulture), null, null, cancellationToken);

    /// <summary>Validates <paramref name="schedule"/> as a job's would be and returns its next <paramref name="count"/> fires (1–100).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> PreviewScheduleAsync(Schedule schedule, int count = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var body = ApiTransport.Json(new { schedule, count });
        return (await _transport.SendAsync<Fires>(HttpMethod.Post, Api + "schedules/preview", body, null, cancellationToken).ConfigureAwait(false)).Items;
    }

    /// <summary>Whether the node is ready, and what each check found; a 503 is an answer here, not an exception.</summary>
    public async Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var (status, report) = await _transport.ReadAnyStatusAsync<HealthReport>("health/ready", cancellationToken).ConfigureAwait(false);
        return report with { IsReady = status == HttpStatusCode.OK };
    }

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return Uri.EscapeDataString(segment);
    }

    private sealed record Fires([property: System.Text.Json.Serialization.JsonPropertyName("fires")] IReadOnlyList<DateTimeOffset> Items);
}
