using System.Runtime.CompilerServices;
using Gnomon.Client.Executions;
using Gnomon.Client.Http;

namespace Gnomon.Client;

/// <summary>The executions: <c>/api/v1/executions</c>.</summary>
public sealed partial class GnomonClient
{
    private const int WatchPage = 100;

    /// <summary>Every execution that <paramref name="filter"/> admits, newest first, fetched page by page as the caller reads.</summary>
    public IAsyncEnumerable<Execution> ListExecutionsAsync(ExecutionFilter? filter = null, int pageSize = 100, CancellationToken cancellationToken = default) =>
        AllPagesAsync((cursor, token) => GetExecutionsPageAsync(filter, pageSize, cursor, token), cancellationToken);

    /// <summary>One page of executions: <paramref name="limit"/> (1–500) from <paramref name="cursor"/>. Items leave <c>Output</c> out.</summary>
    public Task<Page<Execution>> GetExecutionsPageAsync(ExecutionFilter? filter = null, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(Api + "executions").Add("jobId", filter?.Job);
        foreach (var status in filter?.Statuses ?? [])
        {
            path.Add("status", GnomonJsonNames.Of(status));
        }

        path.Add("from", filter?.From).Add("to", filter?.To).Add("queue", filter?.Queue).Add("limit", limit).Add("cursor", cursor);
        return _transport.SendAsync<Page<Execution>>(HttpMethod.Get, path.ToString(), null, null, cancellationToken);
    }

    /// <summary>One execution with its attempts and output; an unknown id is a 404 <see cref="GnomonApiException"/>.</summary>
    public Task<Execution> GetExecutionAsync(Guid id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Execution>(HttpMethod.Get, ExecutionPath(id), null, null, cancellationToken);

    /// <summary>Cancels a pending execution at once, a running one by stopping its work; a finished one is a 409.</summary>
    public Task<Execution> CancelExecutionAsync(Guid id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Execution>(HttpMethod.Post, ExecutionPath(id) + "/cancel", null, null, cancellationToken);

    /// <summary>
    /// Follows the executions <paramref name="filter"/> admits as they happen: each newly written one, and each again when its
    /// state changes, oldest first within a poll of the newest <see cref="WatchPage"/> every <paramref name="interval"/> (1 s by default).
    /// </summary>
    /// <remarks>A poll of the public list, so it works through the gateway and with a read-only key; a change that comes and goes between two polls is seen once, in its newer state.</remarks>
    public async IAsyncEnumerable<Execution> WatchExecutionsAsync(
        ExecutionFilter? filter = null,
        TimeSpan? interval = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new Dictionary<Guid, ExecutionStatus>();
        while (true)
        {
            var page = await GetExecutionsPageAsync(filter, WatchPage, null, cancellationToken).ConfigureAwait(false);
            var current = new Dictionary<Guid, ExecutionStatus>(page.Items.Count);
            for (var i = page.Items.Count - 1; i >= 0; i--)
            {
                var execution = page.Items[i];
                current[execution.Id] = execution.Status;
                if (!seen.TryGetValue(execution.Id, out var before) || before != execution.Status)
                {
                    yield return execution;
                }
            }

            // What left the newest page never comes back onto it, so only the page needs remembering.
            seen = current;
            await Task.Delay(interval ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ExecutionPath(Guid id) => Api + "executions/" + id.ToString("D");
}
