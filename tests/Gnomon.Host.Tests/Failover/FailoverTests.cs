using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gnomon.Host.Tests.Cluster;
using Gnomon.Testing;
using Xunit.Abstractions;

namespace Gnomon.Host.Tests.Failover;

/// <summary>
/// Issue 10: Gnomon on a real pg_auto_failover formation (a monitor, a primary, a synchronous standby), its primary killed
/// or switched over under load, with real gnomon processes (two masters, three workers, the gateway).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    /// <summary>What docs/operations.md promises: from a primary's death to every node ready again on the new one.</summary>
    private static readonly TimeSpan DocumentedFailover = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PrimaryKilledUnderLoad_StandbyTakesOverNothingAcknowledgedIsLostAndTheOldPrimaryRejoinsAsStandby()
    {
        await using var formation = await AutoFailoverFormation.StartAsync();
        var primary = await formation.WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(60));
        await using var cluster = await LocalCluster.StartOnAsync(formation.ConnectionString, masters: 2, workers: 3, gateway: true);
        await FailoverLoad.StartAsync(cluster);
        await Eventually.WaitAsync(async () => await FailoverLoad.DrainedAsync(cluster) >= 1000, "the backlog to drain", TimeSpan.FromSeconds(60));
        var writer = JobWriter.Start(cluster.Api);
        await Eventually.WaitAsync(() => Task.FromResult(writer.CreatedCount >= 10), "the writer to create jobs");

        var before = await FailoverLoad.FinishedAsync(cluster);
        var killed = Stopwatch.StartNew();
        await formation.KillAsync(primary);
        var ready = await WaitUntilEveryNodeIsReadyAsync(cluster, DocumentedFailover + Margin);
        output.WriteLine($"primary killed; every node ready again after {ready.TotalSeconds:0.0} s");
        var created = await writer.StopAsync();

        var promoted = await formation.PrimaryAsync();
        Assert.NotNull(promoted);
        Assert.NotEqual(primary, promoted);
        var after = await FailoverLoad.FinishedAsync(cluster);
        Assert.Empty(before.Except(after));
        Assert.NotEmpty(created);
        var jobs = (await cluster.QueryAsync("select name from gnomon_jobs", r => r.GetString(0))).ToHashSet();
        Assert.All(created, name => Assert.Contains(name, jobs));
        await Eventually.WaitAsync(async () => await FailoverLoad.DrainedAsync(cluster) == FailoverLoad.Backlog, "the whole backlog to drain", TimeSpan.FromSeconds(120));
        await WaitForFiresAfterAsync(cluster, killed.Elapsed);
        var skipped = await FailoverLoad.AssertEverySlotOnceAsync(cluster);
        output.WriteLine($"{skipped} slots were skipped by the misfire policy during the failover");
        await AssertNodesReachAsync(cluster, promoted!);

        formation.Restart(primary);
        await formation.WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(promoted, await formation.PrimaryAsync());
        Assert.True(await AutoFailoverFormation.IsStandbyAsync(primary), "the old primary rejoined as a standby");
        await Consistently.HoldsAsync(() => WriteSeenOnAsync(formation, primary), seen => seen is null, TimeSpan.FromSeconds(3), "no write reaching the standby");
        await AssertNodesReachAsync(cluster, promoted!);
    }

    [Fact]
    public async Task SwitchoverUnderLoad_NoIdempotentRequestThroughTheGatewayFails()
    {
        await using var formation = await AutoFailoverFormation.StartAsync();
        var primary = await formation.WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(60));
        await using var cluster = await LocalCluster.StartOnAsync(formation.ConnectionString, masters: 2, workers: 3, gateway: true);
        await FailoverLoad.StartAsync(cluster);
        await Eventually.WaitAsync(async () => await FailoverLoad.DrainedAsync(cluster) >= 1000, "the backlog to drain", TimeSpan.FromSeconds(60));
        var reader = RequestMix.Start(cluster.Api);
        var writer = JobWriter.Start(cluster.Api);
        await Eventually.WaitAsync(() => Task.FromResult(writer.CreatedCount >= 10 && reader.Sent >= 10), "the writer and the reader to be under way");

        var before = await FailoverLoad.FinishedAsync(cluster);
        var switched = Stopwatch.StartNew();
        await formation.SwitchoverAsync();
        var command = switched.Elapsed;
        var ready = await WaitUntilEveryNodeIsReadyAsync(cluster, DocumentedFailover + Margin);
        output.WriteLine($"pg_autoctl perform switchover took {command.TotalSeconds:0.0} s; every node ready {ready.TotalSeconds:0.0} s after it returned");
        var sentWhenReady = reader.Sent;
        await Eventually.WaitAsync(() => Task.FromResult(reader.Sent >= sentWhenReady + 20), "more requests after the switchover");
        var (sent, failures) = await reader.StopAsync();
        var created = await writer.StopAsync();

        var promoted = await formation.WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(primary, promoted);
        output.WriteLine($"{sent} idempotent requests through the gateway during the switchover; {created.Count} jobs created, {writer.Refused} creations refused with 503");
        Assert.True(failures.Count == 0, "idempotent requests failed: " + string.Join("; ", failures.Take(10)));
        Assert.True(sent > 20, $"only {sent} requests were sent");
        Assert.Empty(before.Except(await FailoverLoad.FinishedAsync(cluster)));
        var jobs = (await cluster.QueryAsync("select name from gnomon_jobs", r => r.GetString(0))).ToHashSet();
        Assert.All(created, name => Assert.Contains(name, jobs));
        await Eventually.WaitAsync(async () => await FailoverLoad.DrainedAsync(cluster) == FailoverLoad.Backlog, "the whole backlog to drain", TimeSpan.FromSeconds(120));
        await WaitForFiresAfterAsync(cluster, switched.Elapsed);
        await FailoverLoad.AssertEverySlotOnceAsync(cluster);
        Assert.True(await AutoFailoverFormation.IsStandbyAsync(primary), "the demoted primary is a standby");
        Assert.True(await NoWritesReachedAsync(formation, primary), "no write reached the demoted primary");
    }

    [Fact]
    public async Task MasterAndWorkerStartedWhileOnlyTheStandbyAnswers_AreNotReadyThenWorkOnceAPrimaryExists()
    {
        await using var formation = await AutoFailoverFormation.StartAsync();
        var primary = await formation.WaitForPrimaryAndSecondaryAsync(TimeSpan.FromSeconds(60));
        // The schema exists (a master applied it); then the cluster is stopped, so that only the late nodes remain.
        await using (await LocalCluster.StartOnAsync(formation.ConnectionString, masters: 1, workers: 0, gateway: false))
        {
        }

        await using var cluster = await LocalCluster.StartOnAsync(formation.ConnectionString, masters: 0, workers: 0, gateway: false);
        // Without its monitor nothing promotes the standby: with the primary gone, only a standby answers.
        await formation.KillMonitorAsync();
        await formation.KillAsync(primary);

        var address = cluster.LaunchMaster("late-master");
        var worker = cluster.LaunchWorker("late-worker");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = await Eventually.WaitAsync(() => TryGetAsync(probe, new Uri(address, "/health/ready")), r => r is not null, "the late master to serve health", TimeSpan.FromSeconds(60));
        var workerHealth = await Eventually.WaitAsync(() => TryGetAsync(probe, new Uri(worker, "/health/ready")), r => r is not null, "the late worker to serve health", TimeSpan.FromSeconds(60));
        await Consistently.HoldsAsync(() => TryGetAsync(probe, new Uri(address, "/health/ready")), r => r?.Status == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(3), "the late master being not ready while only the standby answers");
        var stillWaiting = await TryGetAsync(probe, new Uri(address, "/health/ready"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health!.Value.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, workerHealth!.Value.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stillWaiting!.Value.Status);
        Assert.Contains("no primary answers", stillWaiting.Value.Body, StringComparison.Ordinal);
        using var api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalCluster.Key);
        var refused = await api.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);

        formation.RestartMonitor();
        await Eventually.WaitAsync(async () => (await TryGetAsync(probe, new Uri(address, "/health/ready")))?.Status == HttpStatusCode.OK,
            "the late master to be ready once the standby is promoted", TimeSpan.FromSeconds(60));
        await Eventually.WaitAsync(async () => (await TryGetAsync(probe, new Uri(worker, "/health/ready")))?.Status == HttpStatusCode.OK,
            "the late worker to be ready once the standby is promoted", TimeSpan.FromSeconds(60));
        (await api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
        {
            name = "after-promotion",
            schedule = new { cron = "* * * * * *" },
            executor = new { type = "handler", handler = "noop" },
        })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(
            async () => (await cluster.QueryAsync("select count(*) from gnomon_execution_state where job_name = 'after-promotion' and status = 3", r => r.GetInt64(0))).Single() >= 2,
            "the new job to fire", TimeSpan.FromSeconds(60));
    }

    private static async Task<(HttpStatusCode Status, string Body)?> TryGetAsync(HttpClient client, Uri url)
    {
        try
        {
            var response = await client.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until every node answers /health/ready with 200 after a moment when at least one did not; returns how long that took.</summary>
    private static async Task<TimeSpan> WaitUntilEveryNodeIsReadyAsync(LocalCluster cluster, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(async () =>
        {
            foreach (var name in cluster.Names)
            {
                if ((await TryGetAsync(probe, new Uri(cluster.AddressOf(name), "/health/ready")))?.Status != HttpStatusCode.OK)
                {
                    return false;
                }
            }

            // Ready before the nodes even noticed does not count: the probe must have seen the failover's effect.
            return clock.Elapsed > TimeSpan.FromSeconds(1);
        }, "every node to be ready again", limit);
        return clock.Elapsed;
    }

    /// <summary>Waits until every every-second job has run a slot well after <paramref name="since"/> ago.</summary>
    private static Task WaitForFiresAfterAsync(LocalCluster cluster, TimeSpan since) =>
        Eventually.WaitAsync(async () => (await cluster.QueryAsync($"""
            select count(distinct job_name) from gnomon_execution_state
            where job_name like 'every-second-%' and status = 3 and scheduled_at > now() - interval '{(int)since.TotalSeconds - 5} seconds'
            """, r => r.GetInt64(0))).Single() == FailoverLoad.EverySecondJobs, "every job to fire again", TimeSpan.FromSeconds(60));

    /// <summary>Each node, as the registry shows it, reaches <paramref name="node"/> as its primary.</summary>
    private static Task AssertNodesReachAsync(LocalCluster cluster, FormationNode node) =>
        Eventually.WaitAsync(async () =>
        {
            var nodes = (await cluster.Api.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/nodes", UriKind.Relative)))!["items"]!.AsArray()
                .Where(n => (string?)n!["status"] == "alive").ToList();
            return nodes.Count >= 5 && nodes.All(n => n!["database"] is JsonObject d && (int)d["port"]! == node.Port && (bool)d["primary"]!);
        }, $"every node to report {node.Name} as its primary", TimeSpan.FromSeconds(30));

    /// <summary>
    /// Whether Gnomon never wrote to <paramref name="node"/> while it was a standby: each of Gnomon's sessions there (its
    /// processes name themselves 'gnomon') ran nothing, or only Npgsql's check of the server's state, and the server's
    /// log has no write refused as read-only (SQLSTATE 25006).
    /// </summary>
    private static async Task<bool> NoWritesReachedAsync(AutoFailoverFormation formation, FormationNode node) =>
        await WriteSeenOnAsync(formation, node) is null;

    /// <summary>The first sign of a write Gnomon sent to <paramref name="node"/> (a session's statement, a refused write in its log), or null.</summary>
    private static async Task<string?> WriteSeenOnAsync(AutoFailoverFormation formation, FormationNode node)
    {
        await using var connection = new Npgsql.NpgsqlConnection(AutoFailoverFormation.Admin(node.Port, "postgres"));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select state || ' | ' || query from pg_stat_activity where application_name = 'gnomon'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Npgsql learns a server's state from what it reports at login, or asks it with this statement.
            if (reader.GetString(0) is not ("idle | " or "idle | SHOW default_transaction_read_only" or "active | SHOW default_transaction_read_only") and var session)
            {
                return "a session of Gnomon's: " + session;
            }
        }

        var refused = formation.ServerLogLines(node, "read-only transaction");
        return refused.Count > 0 ? refused[0] : null;
    }
}
