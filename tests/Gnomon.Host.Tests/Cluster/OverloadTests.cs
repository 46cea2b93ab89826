using System.Globalization;
using System.Net.Http.Json;
using Gnomon.Testing;

namespace Gnomon.Host.Tests.Cluster;

/// <summary>A worker pushed past what it can run: the backlog stays bounded, shed slots say why, and the system is on time again once the load falls.</summary>
/// <remarks>
/// The worker runs at most 10 executions at once, each 100 ms of sleep: about 100 a second. 300 jobs fire every second,
/// three times that. Found from outside on an earlier main: pending rows grew without limit, the worker held tens of
/// thousands of rows it could not run, and slots missed this way were said to be missed "while no scheduler was running".
/// </remarks>
[Collection(ClusterCollection.Name)]
public sealed class OverloadTests
{
    private const int Jobs = 300;
    private const int KeptJobs = 20;
    private const int Concurrency = 10;
    private const int MaxBacklog = 200;

    [Fact]
    public async Task WorkerPushedPastItsCapacity_BacklogStaysBoundedShedSlotsSayOverloadedAndItIsOnTimeOnceTheLoadFalls()
    {
        await using var cluster = await LocalCluster.StartAsync(1, 1, false,
            $"--Worker:Concurrency={Concurrency}", $"--Scheduler:MaxBacklog={MaxBacklog}", "--Scheduler:MisfireThreshold=00:00:02");
        var created = new List<string>();
        for (var i = 0; i < Jobs; i += 100)
        {
            var batch = Enumerable.Range(i, 100).Select(n => new
            {
                name = $"overload-{n:D3}",
                schedule = new { cron = "* * * * * *" },
                executor = new { type = "handler", handler = "sleep" },
                payload = new { milliseconds = 100 },
                misfirePolicy = "skip",
            }).ToList();
            (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs/batch", UriKind.Relative), new { jobs = batch })).EnsureSuccessStatusCode();
            created.AddRange(batch.Select(b => b.name));
        }

        // Overloaded for a while: sample what the database holds every half second.
        var samples = new List<(long DueBacklog, long HeldByWorker)>();
        var overloadedUntil = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (TimeProvider.System.GetUtcNow() < overloadedUntil)
        {
            samples.Add((await CountAsync(cluster, "status = 0 and due_at <= now()"), await CountAsync(cluster, "status in (1, 2)")));
            await Task.Delay(500);
        }

        // The due backlog is bounded by the setting plus what the scheduler had already written ahead (its two-second
        // lookahead) when it saw the bound reached; the worker holds at most its prefetch (ten per slot) and its
        // concurrency (held ahead and running), and as many finished but waiting to be recorded.
        var backlogBound = MaxBacklog + (3 * Jobs);
        Assert.All(samples, s => Assert.True(s.DueBacklog <= backlogBound, $"due backlog {s.DueBacklog} > {backlogBound}"));
        Assert.All(samples, s => Assert.True(s.HeldByWorker <= Concurrency * 22, $"worker held {s.HeldByWorker} > {Concurrency * 22}"));
        var shed = await cluster.QueryAsync(
            "select reason from gnomon_execution_state where status = 7 and reason like 'misfire: overloaded%' limit 1", r => r.GetString(0));
        Assert.NotEmpty(shed);
        Assert.Matches(@"^misfire: overloaded, [0-9.]+ s late", shed[0]);
        Assert.Equal(0, await CountAsync(cluster, "status = 7 and reason like '%no scheduler was running%'"));
        var metrics = await new HttpClient().GetStringAsync(new Uri(cluster.AddressOf("master-1"), "/metrics"));
        Assert.Matches(@"gnomon_scheduler_slots_shed\S*\{[^}]*reason=""overloaded""[^}]*\} [1-9]", metrics);
        Assert.Contains("gnomon_scheduler_backlog", metrics, StringComparison.Ordinal);

        // The load falls to a fifth of the capacity: within seconds every kept job runs on time again.
        foreach (var name in created.Skip(KeptJobs))
        {
            (await cluster.Api.PostAsync(new Uri($"/api/v1/jobs/{name}/pause", UriKind.Relative), null)).EnsureSuccessStatusCode();
        }

        var fellAt = (await cluster.QueryAsync("select now()", r => r.GetFieldValue<DateTimeOffset>(0))).Single();
        var onTimeFrom = fellAt.AddSeconds(10).ToString("O", CultureInfo.InvariantCulture);
        await Eventually.WaitAsync(async () => await CountAsync(cluster, $"status = 3 and scheduled_at > '{onTimeFrom}'") >= KeptJobs * 5,
            "five slots of every kept job after the load fell", TimeSpan.FromSeconds(60));
        var late = await cluster.QueryAsync($"""
            select job_name || ' ' || scheduled_at || ': status ' || status || ', started ' || coalesce((started_at - scheduled_at)::text, '-')
            from gnomon_execution_state
            where trigger = 0 and scheduled_at > '{onTimeFrom}' and scheduled_at < now() - interval '2 seconds'
              and (status <> 3 or started_at - scheduled_at > interval '500 milliseconds')
            """, r => r.GetString(0));
        Assert.Empty(late);
        Assert.Equal(0, await CountAsync(cluster, "status = 0 and due_at <= now() - interval '1 second'"));
    }

    private static async Task<long> CountAsync(LocalCluster cluster, string where) =>
        (await cluster.QueryAsync($"select count(*) from gnomon_execution_state where {where}", r => r.GetInt64(0))).Single();
}
