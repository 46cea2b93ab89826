using System.Globalization;
using System.Net.Http.Headers;

namespace Gnomon.Bench;

/// <summary>Options of the scenarios that run against a cluster started by <c>scripts/cluster.sh</c>.</summary>
internal sealed record ClusterOptions(Uri Api, string Database, string? Key, int Executions)
{
    public static ClusterOptions? Parse(string[] args)
    {
        string? api = null, db = null, key = null;
        var executions = 10_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--api": api = args[i + 1]; break;
                case "--db": db = args[i + 1]; break;
                case "--key": key = args[i + 1]; break;
                case "--executions" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    executions = n;
                    break;
                default: return null;
            }
        }

        return args.Length % 2 == 0 && Uri.TryCreate(api, UriKind.Absolute, out var uri) && !string.IsNullOrWhiteSpace(db)
            ? new ClusterOptions(uri, db, key, executions)
            : null;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(30) };
        if (Key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }

        return client;
    }
}
