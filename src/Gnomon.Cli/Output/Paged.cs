namespace Gnomon.Cli.Output;

/// <summary>Reads a list up to a limit and says on the error stream when there was more, so that a table never silently ends early.</summary>
internal static class Paged
{
    /// <summary>The page size that reads <paramref name="limit"/> rows, and one more to tell whether there are more, in as few calls as the API allows.</summary>
    public static int PageSize(int? limit) => limit is { } l ? Math.Min(l + 1, 500) : 500;

    public static async Task<List<T>> ReadAsync<T>(IAsyncEnumerable<T> items, int? limit, CtlSession session, string what, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (rows.Count == limit)
            {
                await session.Error.WriteLineAsync($"(the first {limit} {what}; --limit N or --all for more)");
                break;
            }

            rows.Add(item);
        }

        return rows;
    }
}
