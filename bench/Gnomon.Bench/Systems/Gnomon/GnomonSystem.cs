using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Gnomon.Bench.Measurement;
using Gnomon.Host.Composition;
using Npgsql;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>Gnomon itself, run in this process as <c>gnomon dev</c> runs it (every role in one process), over its REST API.</summary>
/// <remarks>
/// Throughput is measured the way the peers' is: the executions are enqueued with nothing running them (an
/// API-only node creates N one-off <c>runAt</c> jobs, all due at once), then a scheduler and worker node is
/// started and drains them — the master writing the slots, the worker claiming, running and recording each.
/// </remarks>
internal sealed class GnomonSystem : ISystemUnderTest
{
    private GnomonNode? _node;

    public string Name => "Gnomon";

    public async Task StartPrecisionAsync(PrecisionSpec spec, string connectionString, FireRecorder recorder, CancellationToken cancellationToken)
    {
        _node = await GnomonNode.StartAsync(GnomonRoles.All, connectionString, recorder, cancellationToken);
        using var api = new GnomonApiClient(_node.Address);
        foreach (var chunk in Enumerable.Range(0, spec.Jobs).Chunk(GnomonApiClient.BatchSize))
        {
            await api.CreateBatchAsync([.. chunk.Select(i => Job($"precision-{i:D5}", new JsonObject { ["cron"] = "* * * * * *" }, RecordingHandler.Name, i))], cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _node = null;
        }
    }

    public Task<ThroughputRun> RunThroughputAsync(int count, string connectionString, CancellationToken cancellationToken) =>
        RunThroughputAsync(count, connectionString, _ => Task.CompletedTask, cancellationToken);

    /// <summary>The throughput run, calling <paramref name="beforeDrain"/> between the enqueue and the drain (the database cost scenario resets its counters there).</summary>
    public static async Task<ThroughputRun> RunThroughputAsync(int count, string connectionString, Func<CancellationToken, Task> beforeDrain, CancellationToken cancellationToken)
    {
        var enqueue = Stopwatch.StartNew();
        await using (var apiNode = await GnomonNode.StartAsync(GnomonRoles.Api, connectionString, null, cancellationToken))
        {
            using var api = new GnomonApiClient(apiNode.Address);
            // Due a second from now: by the time the drain starts every one of them is due.
            var runAt = TimeProvider.System.GetUtcNow().AddSeconds(1);
            enqueue.Restart();
            foreach (var chunk in Enumerable.Range(0, count).Chunk(GnomonApiClient.BatchSize))
            {
                await api.CreateBatchAsync([.. chunk.Select(i => Job($"throughput-{i:D7}", new JsonObject { ["runAt"] = runAt }, "noop", null))], cancellationToken);
            }

            enqueue.Stop();
        }

        await beforeDrain(cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var drainStart = await ScalarAsync<DateTimeOffset>(dataSource, "select now()", cancellationToken);
        await using var node = await GnomonNode.StartAsync(GnomonRoles.Scheduler | GnomonRoles.Worker, connectionString, null, cancellationToken, SizedWorker.Settings);
        var settings = SizedWorker.Describe(node);
        while (await ScalarAsync<long>(dataSource, Cluster.ClusterScenario.Unfinished, cancellationToken) > 0)
        {
            await Task.Delay(100, cancellationToken);
        }

        var last = await ScalarAsync<DateTimeOffset>(dataSource, "select max(finished_at) from gnomon_executions", cancellationToken);
        var succeeded = await ScalarAsync<long>(dataSource, "select count(*) from gnomon_executions where status = 3", cancellationToken);
        return new ThroughputRun(count, (int)succeeded, enqueue.Elapsed.TotalSeconds, (last - drainStart).TotalSeconds, settings);
    }

    public async Task<ScaleRun> RunScaleAsync(ScaleSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        await using var node = await GnomonNode.StartAsync(GnomonRoles.All, connectionString, null, cancellationToken);
        using var api = new GnomonApiClient(node.Address);
        var created = 0;
        var clock = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(0, spec.Jobs).Chunk(GnomonApiClient.BatchSize))
        {
            if (clock.Elapsed > spec.CreateBudget)
            {
                break;
            }

            await api.CreateBatchAsync([.. chunk.Select(i => Job($"scale-{i:D7}", new JsonObject { ["cron"] = ScaleMix.Of(i).Cron6 }, "noop", null))], cancellationToken);
            created += chunk.Length;
        }

        var createSeconds = clock.Elapsed.TotalSeconds;
        var random = new Random(42);
        var gets = await LatencySampler.SortedMillisecondsAsync(spec.Samples, (_, ct) => api.GetAsync($"/api/v1/jobs/scale-{random.Next(created):D7}", ct), cancellationToken);
        var lists = await LatencySampler.SortedMillisecondsAsync(spec.Samples, (_, ct) => api.GetAsync("/api/v1/jobs?limit=50", ct), cancellationToken);
        var pages = await DashboardPagesAsync(api, created, spec.Samples, cancellationToken);

        var from = WholeSeconds.After(TimeProvider.System.GetUtcNow().AddSeconds(1));
        var to = from.AddSeconds(spec.FireSeconds);
        await Task.Delay(to.AddSeconds(5) - TimeProvider.System.GetUtcNow(), cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""
            select count(distinct (job_id, scheduled_at)),
                   coalesce(percentile_cont(0.99) within group (order by extract(epoch from started_at - scheduled_at) * 1000), 'NaN')
            from gnomon_executions where trigger = 0 and scheduled_at >= $1 and scheduled_at < $2 and started_at is not null
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ScaleRun(
            spec.Jobs,
            created,
            createSeconds,
            Percentiles.Of(gets, 99),
            Percentiles.Of(lists, 99),
            reader.GetDouble(1),
            reader.GetInt64(0),
            ScaleMix.FiresBetween(created, from, to),
            ProcessMemory.RssMiB(Environment.ProcessId),
            "one process runs every role (API, scheduler, worker) and the harness, so its memory is an upper bound on the master's",
            pages);
    }

    /// <summary>Each dashboard page, rendered by the node over HTTP while it holds every job of the scenario.</summary>
    private static async Task<IReadOnlyList<PageTiming>> DashboardPagesAsync(GnomonApiClient api, int created, int samples, CancellationToken cancellationToken)
    {
        var job = $"scale-{created / 2:D7}";
        string[] pages = ["/dashboard", "/dashboard/jobs", "/dashboard/jobs?q=" + job, "/dashboard/jobs?paused=true", "/dashboard/jobs/" + job, "/dashboard/jobs/" + job + "/edit", "/dashboard/executions", "/dashboard/nodes"];
        var timings = new List<PageTiming>();
        foreach (var page in pages)
        {
            var times = await LatencySampler.SortedMillisecondsAsync(Math.Min(samples, 100), (_, ct) => api.GetAsync(page, ct), cancellationToken);
            timings.Add(new PageTiming(page, Percentiles.Of(times, 99)));
        }

        return timings;
    }

    public async Task<SustainedRun> RunSustainedAsync(SustainedSpec spec, string connectionString, CancellationToken cancellationToken)
    {
        var node = await GnomonNode.StartAsync(GnomonRoles.All, connectionString, null, cancellationToken, SizedWorker.Settings);
        var settings = SizedWorker.Describe(node);
        DateTimeOffset from, to;
        int created = 0;
        double createSeconds, peakRss;
        try
        {
            using var api = new GnomonApiClient(node.Address);
            var clock = Stopwatch.StartNew();
            foreach (var chunk in Enumerable.Range(0, spec.Jobs).Chunk(GnomonApiClient.BatchSize))
            {
                if (clock.Elapsed > spec.CreateBudget)
                {
                    break;
                }

                await api.CreateBatchAsync([.. chunk.Select(i => Job($"sustained-{i:D5}", new JsonObject { ["cron"] = "* * * * * *" }, "noop", null))], cancellationToken);
                created += chunk.Length;
            }

            createSeconds = clock.Elapsed.TotalSeconds;
            (from, to) = spec.WindowAfter(TimeProvider.System.GetUtcNow());
            await Task.Delay(spec.ReadAt(to) - TimeProvider.System.GetUtcNow(), cancellationToken);
            peakRss = ProcessMemory.PeakRssMiB();
        }
        finally
        {
            // Stopped before the count, so the rows read are final: a slot still pending now counts as not run.
            await node.DisposeAsync();
        }

        var slots = await WindowExecutions.ReadAsync(connectionString, from, to, cancellationToken);
        var notYetWritten = await WindowExecutions.NotYetWrittenAsync(connectionString, from, to, cancellationToken);
        return new SustainedRun(spec.Jobs, created, createSeconds, spec.WindowSeconds, slots, peakRss, string.Create(CultureInfo.InvariantCulture,
            $"{settings}; handler noop; read from the execution history (gnomon_execution_state) after the node stopped, {spec.GraceSeconds} s after the window: a slot counts when its execution succeeded, lag is its started_at − scheduled_at; of the slots with no row, {notYetWritten:N0} were not yet written (at or after their job's next_fire_at when the node stopped); one process runs every role and the harness"));
    }

    private static JsonObject Job(string name, JsonObject schedule, string handler, int? index)
    {
        var job = new JsonObject
        {
            ["name"] = name,
            ["schedule"] = schedule,
            ["executor"] = new JsonObject { ["type"] = "handler", ["handler"] = handler },
        };
        if (index is { } i)
        {
            job["payload"] = new JsonObject { ["job"] = i };
        }

        return job;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetFieldValue<T>(0);
    }
}
