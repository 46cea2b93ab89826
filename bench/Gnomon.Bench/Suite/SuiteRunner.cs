using System.Globalization;
using Gnomon.Bench.Reports;
using Gnomon.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Bench.Suite;

/// <summary>
/// The whole comparison in one run: one embedded PostgreSQL, pgbench's ceiling on it, then each scenario against
/// each system (each in its own child process and its own fresh database), one table, and the report rewritten.
/// </summary>
internal static class SuiteRunner
{
    /// <summary>
    /// How long after the sustained window its slots are read: an overloaded Gnomon runs a slot up to its misfire
    /// threshold (5 s) late and sheds it after that, so twice the threshold lets the window's last slots be run or
    /// shed; whatever has neither happened by then counts as not run.
    /// </summary>
    private const int SustainedGraceSeconds = 10;

    // The throughput scenario's warm-up round: as large as the measured one. Tiered compilation promotes a method
    // after dozens of calls, twice with its profile-guided stage, and a method called once per request or batch
    // gets only N / 1,000 calls a round: after a round of a fifth the measured run still compiled for 4.9 s (an
    // EventListener on the runtime's JIT events) and ran at 8,000–8,800/s end to end; after one of N, 2.6 s.
    private const int ThroughputWarmupShare = 1;

    public static async Task<int> RunAsync(SuiteOptions options)
    {
        var size = options.Size;
        var dataDir = Path.Combine(Path.GetTempPath(), "gnomon-bench", Guid.NewGuid().ToString("N"));
        var results = new SuiteResults(size, MachineDescription.Read(), TimeProvider.System.GetUtcNow());
        Console.WriteLine($"Gnomon benchmark suite, size {size.Name}: {string.Join(", ", options.Scenarios)} for {string.Join(", ", options.Systems)}");
        Console.WriteLine(results.Machine);
        await using (var postgres = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = dataDir, Durable = true, Ephemeral = true }, NullLogger.Instance, CancellationToken.None))
        {
            Console.WriteLine($"PostgreSQL on 127.0.0.1:{postgres.Port} (durable: fsync and synchronous commit on), data in {dataDir}");
            var databases = new BenchDatabases(postgres);
            if (options.Scenarios.Contains("ceiling"))
            {
                var name = await databases.CreateAsync("pgbench");
                results.PgbenchTps = await Ceiling.MeasureTpsAsync(postgres.BinDirectory, postgres.Port, name, size.PgbenchSeconds, CancellationToken.None);
                await databases.DropAsync(name);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling: pgbench -N -c 8 -j 2 -T {size.PgbenchSeconds}: {results.PgbenchTps:0} tps"));
            }

            if (options.Scenarios.Contains("precision"))
            {
                foreach (var jobs in size.PrecisionJobs)
                {
                    foreach (var system in options.Systems)
                    {
                        var request = new ChildRequest(system, "precision", "", "", Jobs: jobs, WarmupSeconds: size.PrecisionWarmupSeconds, Seconds: size.PrecisionSeconds);
                        results.Precision.Add(await RunChildAsync(databases, request, TimeSpan.FromSeconds(size.PrecisionSeconds + 300)));
                    }
                }
            }

            if (options.Scenarios.Contains("sustained"))
            {
                foreach (var jobs in size.SustainedJobs)
                {
                    foreach (var system in options.Systems)
                    {
                        var request = new ChildRequest(system, "sustained", "", "", Jobs: jobs, WarmupSeconds: size.SustainedWarmupSeconds,
                            Seconds: size.SustainedSeconds, GraceSeconds: SustainedGraceSeconds, BudgetSeconds: size.SustainedBudgetSeconds);
                        var timeout = TimeSpan.FromSeconds(size.SustainedBudgetSeconds + size.SustainedWarmupSeconds + size.SustainedSeconds + SustainedGraceSeconds + 120);
                        results.Sustained.Add(await RunChildAsync(databases, request, timeout));
                    }
                }
            }

            if (options.Scenarios.Contains("throughput"))
            {
                foreach (var system in options.Systems)
                {
                    var count = system == "gnomon" ? size.GnomonExecutions : size.PeerExecutions;
                    results.Throughput.Add(await RunChildAsync(databases, new ChildRequest(system, "throughput", "", "", Count: count, WarmupCount: count / ThroughputWarmupShare), TimeSpan.FromMinutes(15)));
                }
            }

            if (options.Scenarios.Contains("scale"))
            {
                foreach (var system in options.Systems)
                {
                    var budget = system == "gnomon" ? size.ScaleBudgetSeconds : size.PeerScaleBudgetSeconds;
                    var request = new ChildRequest(system, "scale", "", "", Jobs: size.ScaleJobs, Seconds: size.ScaleFireSeconds,
                        BudgetSeconds: budget, Samples: size.ScaleSamples);
                    results.Scale.Add(await RunChildAsync(databases, request, TimeSpan.FromSeconds(budget + size.ScaleFireSeconds + 600)));
                }
            }

            if (options.Scenarios.Contains("cluster"))
            {
                Console.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} cluster · Gnomon as separate processes ...");
                results.Cluster = await Cluster.ClusterScenario.RunAsync(databases, size, CancellationToken.None);
            }
        }

        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        Console.WriteLine();
        Console.WriteLine(MarkdownReport.Tables(results));
        if (options.ReportFile is { } report)
        {
            await MarkdownReport.WriteAsync(results, report);
            Console.WriteLine($"Rewrote the generated section of {report} and its charts.");
        }

        return results.Precision.Concat(results.Sustained).Concat(results.Throughput).Concat(results.Scale).Any(r => r.Error is not null) ? 1 : 0;
    }

    private static async Task<ChildResult> RunChildAsync(BenchDatabases databases, ChildRequest request, TimeSpan timeout)
    {
        var name = await databases.CreateAsync($"{request.System}_{request.Scenario}");
        var output = Path.Combine(Path.GetTempPath(), $"gnomon-bench-{Guid.NewGuid():N}.json");
        Console.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {request.Scenario} · {request.System} ...");
        var result = await ChildLauncher.RunAsync(request with { ConnectionString = databases.ConnectionStringFor(name), OutputFile = output }, timeout, CancellationToken.None);
        Console.WriteLine($"  {MarkdownReport.Summary(result)}");
        await databases.DropAsync(name);
        return result;
    }
}
