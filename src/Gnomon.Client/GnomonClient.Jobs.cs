using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gnomon.Client.Executions;
using Gnomon.Client.Http;
using Gnomon.Client.Jobs;

namespace Gnomon.Client;

/// <summary>The jobs: <c>/api/v1/jobs</c>.</summary>
public sealed partial class GnomonClient
{
    /// <summary>Creates a job; a taken name is a 409 <see cref="GnomonApiException"/>.</summary>
    public Task<Job> CreateJobAsync(JobDefinition job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _transport.SendAsync<Job>(HttpMethod.Post, Api + "jobs", ApiTransport.Json(job), null, cancellationToken);
    }

    /// <summary>Creates 1–1,000 jobs, all or none; the answer is in the order sent.</summary>
    public async Task<IReadOnlyList<Job>> CreateJobsAsync(IEnumerable<JobDefinition> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var body = ApiTransport.Json(new JobBatch([.. jobs]));
        return (await _transport.SendAsync<Page<Job>>(HttpMethod.Post, Api + "jobs/batch", body, null, cancellationToken).ConfigureAwait(false)).Items;
    }

    /// <summary>Creates the job named <paramref name="job"/> (a name or id), or replaces it; <paramref name="ifMatch"/> (an ETag, or <c>*</c>) makes the replace conditional.</summary>
    public async Task<UpsertResult> PutJobAsync(string job, JobDefinition definition, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var response = await _transport.SendAsync(HttpMethod.Put, JobPath(job), ApiTransport.Json(definition), ifMatch, cancellationToken).ConfigureAwait(false);
        var stored = await ApiTransport.ReadAsync<Job>(response, cancellationToken).ConfigureAwait(false);
        return new UpsertResult(stored, response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary>One job by name or id; an unknown one is a 404 <see cref="GnomonApiException"/>.</summary>
    public Task<Job> GetJobAsync(string job, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Job>(HttpMethod.Get, JobPath(job), null, null, cancellationToken);

    /// <summary>One job by name or id, or null when there is none.</summary>
    public async Task<Job?> FindJobAsync(string job, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetJobAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (GnomonApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every job that <paramref name="filter"/> admits, newest first, fetched page by page as the caller reads.</summary>
    public IAsyncEnumerable<Job> ListJobsAsync(JobFilter? filter = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        AllPagesAsync((cursor, token) => GetJobsPageAsync(filter, pageSize, cursor, token), cancellationToken);

    /// <summary>One page of jobs: <paramref name="limit"/> (1–500) from <paramref name="cursor"/> (a previous page's <see cref="Page{T}.NextCursor"/>).</summary>
    public Task<Page<Job>> GetJobsPageAsync(JobFilter? filter = null, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(Api + "jobs").Add("paused", filter?.Paused).Add("queue", filter?.Queue).Add("q", filter?.NameContains);
        foreach (var (key, value) in filter?.Labels ?? new Dictionary<string, string>())
        {
            path.Add("label", key + "=" + value);
        }

        path.Add("limit", limit).Add("cursor", cursor);
        return _transport.SendAsync<Page<Job>>(HttpMethod.Get, path.ToString(), null, null, cancellationToken);
    }

    /// <summary>Changes the fields <paramref name="patch"/> names (a JSON merge patch, RFC 7396: null removes a field).</summary>
    public Task<Job> PatchJobAsync(string job, JsonElement patch, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var body = new StringContent(patch.GetRawText(), new MediaTypeHeaderValue("application/merge-patch+json"));
        return _transport.SendAsync<Job>(HttpMethod.Patch, JobPath(job), body, ifMatch, cancellationToken);
    }

    /// <summary>Deletes a job; its pending executions are cancelled, its history kept.</summary>
    public async Task DeleteJobAsync(string job, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var response = await _transport.SendAsync(HttpMethod.Delete, JobPath(job), null, ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops a job firing.</summary>
    public Task<Job> PauseJobAsync(string job, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Job>(HttpMethod.Post, JobPath(job) + "/pause", null, null, cancellationToken);

    /// <summary>Starts a paused job firing again, from now.</summary>
    public Task<Job> ResumeJobAsync(string job, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Job>(HttpMethod.Post, JobPath(job) + "/resume", null, null, cancellationToken);

    /// <summary>Runs a job now, outside its schedule, with <paramref name="payload"/> in place of its own when given.</summary>
    public Task<Execution> TriggerJobAsync(string job, JsonElement? payload = null, CancellationToken cancellationToken = default)
    {
        var body = payload is { } p ? ApiTransport.Json(new TriggerBody(p)) : null;
        return _transport.SendAsync<Execution>(HttpMethod.Post, JobPath(job) + "/trigger", body, null, cancellationToken);
    }

    /// <summary>A job's next <paramref name="count"/> fire instants (1–100).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> GetNextFiresAsync(string job, int count = 10, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(JobPath(job) + "/next-fires").Add("count", count);
        return (await _transport.SendAsync<Fires>(HttpMethod.Get, path.ToString(), null, null, cancellationToken).ConfigureAwait(false)).Items;
    }

    private static string JobPath(string job) => Api + "jobs/" + Escape(job);

    private static async IAsyncEnumerable<T> AllPagesAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var next = await page(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in next.Items)
            {
                yield return item;
            }

            cursor = next.NextCursor;
        }
        while (cursor is not null);
    }

    private sealed record JobBatch(IReadOnlyList<JobDefinition> Jobs);

    private sealed record TriggerBody([property: JsonPropertyName("payload")] JsonElement Payload);
}
