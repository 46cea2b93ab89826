using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Gnomon.Bench;

/// <summary>
/// Takeover time: the master holding the most partitions is killed with SIGKILL (it runs on this machine, as in
/// <c>scripts/cluster.sh</c>), and the time until the survivors hold every partition again is read from the
/// lease table every 10 ms.
/// </summary>
internal static class ClusterTakeoverScenario
{
    private const int Partitions = 64;

    public static async Task<int> RunAsync(ClusterOptions options)
    {
        using var http = options.CreateClient();
        var nodes = (await http.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/nodes", UriKind.Relative)))!["items"]!.AsArray();
        var masters = nodes
            .Where(n => (string?)n!["status"] == "alive" && n!["roles"]!.AsArray().Any(r => (string?)r == "scheduler"))
            .Select(n => (Id: Guid.Parse((string)n!["id"]!), Pid: (int)n!["pid"]!, Partitions: n!["partitions"]?.AsArray().Count ?? 0))
            .OrderByDescending(m => m.Partitions)
            .ToList();
        if (masters.Count < 2)
        {
            await Console.Error.WriteLineAsync($"needs two or more live masters; found {masters.Count}");
            return 1;
        }

        await using var dataSource = NpgsqlDataSource.Create(options.Database);
        var victim = masters[0];
        Console.WriteLine($"Killing master {victim.Id} (pid {victim.Pid}, {victim.Partitions} partitions) with SIGKILL ...");
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(victim.Pid).Kill();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            await using var command = dataSource.CreateCommand(
                "select count(*) from gnomon_partition_leases where expires_at > now() and owner_id is not null and owner_id <> $1");
            command.Parameters.Add(new NpgsqlParameter { Value = victim.Id });
            if ((long)(await command.ExecuteScalarAsync())! == Partitions)
            {
                Console.WriteLine();
                Console.WriteLine("| masters before | partitions of the killed one | takeover |");
                Console.WriteLine("| ---: | ---: | ---: |");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {masters.Count} | {victim.Partitions} | {clock.Elapsed.TotalSeconds:0.00} s |"));
                return 0;
            }

            await Task.Delay(10);
        }

        await Console.Error.WriteLineAsync("the survivors did not hold every partition within a minute");
        return 1;
    }
}
