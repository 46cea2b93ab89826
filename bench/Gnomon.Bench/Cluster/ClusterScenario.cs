using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Gnomon.Bench.Suite;
using Gnomon.Bench.Systems.Gnomon;
using Npgsql;

namespace Gnomon.Bench.Cluster;

/// <summary>
/// Gnomon as separate processes on the suite's PostgreSQL, each shape on a fresh database: executions per second with
/// 1 and 3 workers behind one master, fire lag with 1 and 2 masters, and the takeover after <c>kill -9</c> of a master.
/// </summary>
internal static class ClusterScenario
{
    private const int Partitions = 64;
    private const int LagJobs = 100;
    private const int LagSeconds = 20;
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(5);

    /// <summary>
    /// 1 while any execution is unfinished, 0 after. An existence test on the partial indexes of in-flight rows: a
    /// count read every pending row (tens of milliseconds each poll on a backlog of 100,000), and polled ten times a
    /// second it took a good part of a core from the system being measured. The end of a run is read from the rows
    /// (<c>max(finished_at)</c>), so the poll only has to notice it.
    /// </summary>
    // Work is left while a job still has a fire to write or an execution has not ended (its dispatch row goes in the
    // statement that records the end). Both probes stop at the first row: the harness polls this every 100 ms during a
    // drain, and a scan of the history (100,000 rows) took 15 ms of the cores being measured each time.
    public const string Unfinished = """
        select (exists (select 1 from gnomon_dispatch) or exists (select 1 from gnomon_job_fires where next_fire_at is not null))::int::bigint
        """;

    public static async Task<ClusterResults> RunAsync(BenchDatabases databases, SuiteSize size, CancellationToken cancellationToken)
    {
        var byWorkers = new List<(int, double)>();
        foreach (var workers in (int[])[1, 3])
        {
            var rate = await WithDatabaseAsync(databases, $"cluster_w{workers}", cs => ThroughputAsync(cs, workers, size.ClusterExecutions, cancellationToken));
            Console.WriteLine($"  1 master, {workers} workers: {rate:N0} executions/s");
            byWorkers.Add((workers, rate));
        }

        var byMasters = new List<(int, double, double)>();
        foreach (var masters in (int[])[1, 2])
        {
            var (p50, p99) = await WithDatabaseAsync(databases, $"cluster_m{masters}", cs => LagAsync(cs, masters, cancellationToken));
            Console.WriteLine($"  {masters} masters, 1 worker: lag p50 {p50:0.0} ms, p99 {p99:0.0} ms");
            byMasters.Add((masters, p50, p99));
        }

        var takeover = await WithDatabaseAsync(databases, "cluster_takeover", cs => TakeoverAsync(cs, cancellationToken));
        Console.WriteLine($"  takeover after kill -9: {takeover:0.00} s");
        return new ClusterResults(byWorkers, byMasters, takeover, LeaseTtl.TotalSeconds);
    }

    /// <summary>N no-op jobs due at once are written by the master with no worker running; then the workers start and drain them.</summary>
    private static async Task<double> ThroughputAsync(string connectionString, int workers, int count, CancellationToken cancellationToken)
    {
        // The whole backlog is written before a worker runs, so the bound on due work waiting for one must admit it:
        // at the default (10,000) the master holds the rest back until workers drain, and the wait below never ends.
        var backlog = string.Create(CultureInfo.InvariantCulture, $"--Scheduler:MaxBacklog={Math.Max(count, 100)}");
        await using var master = await GnomonProcess.StartAsync("master", connectionString, [backlog], cancellationToken);
        using (var api = new GnomonApiClient(master.Address))
        {
            var runAt = TimeProvider.System.GetUtcNow().AddSeconds(1);
            foreach (var chunk in Enumerable.Range(0, count).Chunk(GnomonApiClient.BatchSize))
            {
                await api.CreateBatchAsync([.. chunk.Select(i => Job($"cluster-{i:D7}", new JsonObject { ["runAt"] = runAt }))], cancellationToken);
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await WaitAsync(dataSource, "select count(*) from gnomon_executions where status = 0", n => n >= count, TimeSpan.FromMinutes(5), cancellationToken);
        await using (var vacuum = dataSource.CreateCommand("vacuum analyze gnomon_executions"))
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        var start = await ScalarAsync<DateTimeOffset>(dataSource, "select now()", cancellationToken);
        var nodes = new List<GnomonProcess>();
        try
        {
            foreach (var _ in Enumerable.Range(0, workers))
            {
                nodes.Add(await GnomonProcess.StartAsync("worker", connectionString, ["--queues", "*"], cancellationToken));
            }

            await WaitAsync(dataSource, Unfinished, n => n == 0, TimeSpan.FromMinutes(10), cancellationToken);
            var last = await ScalarAsync<DateTimeOffset>(dataSource, "select max(finished_at) from gnomon_executions", cancellationToken);
            return count / (last - start).TotalSeconds;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>100 every-second jobs with M masters sharing the partitions and one worker; lag as the worker recorded each start.</summary>
    private static async Task<(double P50, double P99)> LagAsync(string connectionString, int masters, CancellationToken cancellationToken)
    {
        var nodes = new List<GnomonProcess>();
        try
        {
            foreach (var _ in Enumerable.Range(0, masters))
            {
                nodes.Add(await GnomonProcess.StartAsync("master", connectionString, [], cancellationToken));
            }

            nodes.Add(await GnomonProcess.StartAsync("worker", connectionString, ["--queues", "*"], cancellationToken));
            using (var api = new GnomonApiClient(nodes[0].Address))
            {
                await api.CreateBatchAsync([.. Enumerable.Range(0, LagJobs).Select(i => Job($"lag-{i:D4}", new JsonObject { ["cron"] = "* * * * * *" }))], cancellationToken);
            }

            // Let the masters settle their split and warm up before the window.
            var from = TimeProvider.System.GetUtcNow().AddSeconds(8);
            var to = from.AddSeconds(LagSeconds);
            await Task.Delay(to.AddSeconds(3) - TimeProvider.System.GetUtcNow(), cancellationToken);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var command = dataSource.CreateCommand("""
                select percentile_cont(0.5) within group (order by ms), percentile_cont(0.99) within group (order by ms)
                from (select extract(epoch from started_at - scheduled_at) * 1000 as ms from gnomon_executions
                      where scheduled_at >= $1 and scheduled_at < $2 and started_at is not null) lags
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetDouble(0), reader.GetDouble(1));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Two masters; the one holding more partitions is killed with SIGKILL; seconds until the other holds all of them.</summary>
    private static async Task<double> TakeoverAsync(string connectionString, CancellationToken cancellationToken)
    {
        var settings = new[] { $"--Scheduler:PartitionLeaseTtl={LeaseTtl}" };
        await using var first = await GnomonProcess.StartAsync("master", connectionString, settings, cancellationToken);
        await using var second = await GnomonProcess.StartAsync("master", connectionString, settings, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // Wait for an even split, so the kill takes half the partitions away.
        await WaitAsync(dataSource, "select min(n) from (select count(*) as n from gnomon_partition_leases where expires_at > now() group by owner_id) held",
            n => n >= Partitions / 2 - 1, TimeSpan.FromSeconds(60), cancellationToken);
        var victimOwner = await ScalarAsync<Guid>(dataSource, "select owner_id from gnomon_partition_leases where expires_at > now() group by owner_id order by count(*) desc limit 1", cancellationToken);
        // The node registry names each master's pid, so the one killed is the one holding the most.
        var pid = await ScalarAsync<int>(dataSource, "select pid from gnomon_nodes where id = $1", cancellationToken, victimOwner);
        (pid == second.Pid ? second : first).KillHard();
        var clock = Stopwatch.StartNew();
        await WaitAsync(dataSource, "select count(*) from gnomon_partition_leases where expires_at > now() and owner_id is not null and owner_id <> $1",
            n => n == Partitions, TimeSpan.FromMinutes(1), cancellationToken, fine: true, victimOwner);
        return clock.Elapsed.TotalSeconds;
    }

    private static JsonObject Job(string name, JsonObject schedule) => new()
    {
        ["name"] = name,
        ["schedule"] = schedule,
        ["executor"] = new JsonObject { ["type"] = "handler", ["handler"] = "noop" },
    };

    private static async Task<T> WithDatabaseAsync<T>(BenchDatabases databases, string purpose, Func<string, Task<T>> run)
    {
        var name = await databases.CreateAsync(purpose);
        try
        {
            return await run(databases.ConnectionStringFor(name));
        }
        finally
        {
            await databases.DropAsync(name);
        }
    }

    /// <summary>Polls <paramref name="sql"/> every 100 ms (10 ms with <paramref name="fine"/>) until <paramref name="done"/>.</summary>
    private static async Task WaitAsync(NpgsqlDataSource dataSource, string sql, Func<long, bool> done, TimeSpan timeout, CancellationToken cancellationToken, bool fine = false, params object[] parameters)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await ScalarAsync<long>(dataSource, sql, cancellationToken, parameters)))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not done within {timeout}: {sql}");
            }

            await Task.Delay(fine ? 10 : 100, cancellationToken);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? default! : reader.GetFieldValue<T>(0);
    }
}
