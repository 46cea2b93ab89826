using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http.Headers;
using Gnomon.Bench.Commands;

namespace Gnomon.Bench;

/// <summary>Options of the scenarios that run against a cluster started by <c>scripts/cluster.sh</c>.</summary>
internal sealed record ClusterOptions(Uri Api, string Database, string? Key, int Executions)
{
    public static Command ThroughputCommand() => CreateCommand(
        "cluster-throughput",
        "against a running cluster (scripts/cluster.sh): N handler noop jobs due at one instant; executions per second",
        withExecutions: true,
        ClusterThroughputScenario.RunAsync);

    public static Command TakeoverCommand() => CreateCommand(
        "cluster-takeover",
        "against a running cluster with two or more masters: kill -9 one master, time until the others hold its partitions",
        withExecutions: false,
        ClusterTakeoverScenario.RunAsync);

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromSeconds(30) };
        if (Key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }

        return client;
    }

    private static Command CreateCommand(string name, string description, bool withExecutions, Func<ClusterOptions, Task<int>> run)
    {
        var api = new Option<Uri>("--api")
        {
            Description = "the cluster's API, e.g. its gateway http://127.0.0.1:5080",
            HelpName = "URL",
            Required = true,
            CustomParser = ParseUrl,
        };
        var db = BenchOptions.Needed("--db", "CONNECTION", "the connection string of the cluster's database (.gnomon-cluster/connection-string)");
        var key = new Option<string>("--key") { Description = "an API key, sent as 'Authorization: Bearer KEY' (.gnomon-cluster/api-key)", HelpName = "KEY" };
        var executions = BenchOptions.Number("--executions", 10_000, 1, "jobs (N) due at one instant, one execution each");
        var command = new Command(name, description) { api, db, key };
        if (withExecutions)
        {
            command.Add(executions);
        }

        command.SetAction((result, _) => run(new ClusterOptions(
            result.GetValue(api)!, result.GetValue(db)!, result.GetValue(key), withExecutions ? result.GetValue(executions) : 0)));
        return command;
    }

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.SingleOrDefault()?.Value ?? "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        result.AddError($"--api must be an absolute URL such as http://127.0.0.1:5080, not '{text}'");
        return null;
    }
}
