using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Gnomon.Bench.Measurement;
using Gnomon.EmbeddedPostgres;
using Gnomon.Host.Composition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gnomon.Bench.Lag;

/// <summary>
/// Fire precision: K jobs with an every-second cron call a local HTTP listener; lag is the arrival of the call
/// minus the slot's nominal instant. Usage: <c>lag [--jobs K] [--seconds N] [--warmup W] [--listener dotnet|node|none] [--trace] [--bare] [--Section:Key=value ...]</c>.
/// </summary>
internal static class LagScenario
{
    public static async Task<int> RunAsync(LagOptions options)
    {
        // The listener first: one that cannot start (no Node.js) ends the run with its reason before anything else starts.
        IHookReceiver started;
        try
        {
            started = options.Listener == "node" ? await NodeHookReceiver.StartAsync(CancellationToken.None) : await HookReceiver.StartAsync();
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"lag: {ex.Message}");
            return 1;
        }

        await using var receiver = started;
        var dataDir = Path.Combine(Path.GetTempPath(), "gnomon-bench", Guid.NewGuid().ToString("N"));
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var postgres = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = dataDir, Durable = true, Ephemeral = true }, NullLogger.Instance, CancellationToken.None);
        var calling = options.Listener != "none";
        using var trace = options.Trace ? new LagTrace() : null;
        var defaults = new Dictionary<string, string?>
        {
            ["Executors:Http:AllowPrivateNetworks"] = "true",
            ["Worker:Queues"] = "*",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Security:AllowAnonymous"] = "true",
        };
        await using var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0", .. options.Settings], GnomonRoles.All, postgres.ConnectionString, defaults);
        await GnomonApplication.StartAsync(app, CancellationToken.None);
        var api = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = api };

        var jobs = options.Jobs;
        Console.WriteLine($"Creating {jobs} jobs with cron '* * * * * *' calling {receiver.Address} ({options.Listener} listener) ...");
        for (var i = 0; i < jobs; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/jobs", new
            {
                name = $"lag-{i:D5}",
                schedule = new { cron = "* * * * * *" },
                executor = calling
                    ? (object)new { type = "http", url = new Uri(receiver.Address, $"/hook/lag-{i:D5}").ToString(), method = "POST" }
                    : new { type = "handler", handler = "noop" },
            });
            response.EnsureSuccessStatusCode();
        }

        if (options.Bare)
        {
            // The node's jobs are paused (before the warm-up is counted: a thousand pauses take seconds): the
            // harness's own client makes the calls.
            foreach (var i in Enumerable.Range(0, jobs))
            {
                (await http.PostAsync($"/api/v1/jobs/lag-{i:D5}/pause", null)).EnsureSuccessStatusCode();
            }
        }

        Console.WriteLine($"Warming up {options.Warmup} s, measuring {options.Seconds} s ...");
        var start = WholeSeconds.After(TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(options.Warmup));
        var end = start + TimeSpan.FromSeconds(options.Seconds);
        if (options.Bare)
        {
            _ = BareCaller.RunAsync(receiver.Address, jobs, end.AddSeconds(1), CancellationToken.None);
        }

        await Task.Delay(start - TimeProvider.System.GetUtcNow());
        var (gcPause, gen0, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var (ownCpu, listenerCpu) = (ProcessCpu.Of(Environment.ProcessId), ProcessCpu.Of(receiver.ProcessId));
        await Task.Delay(end - TimeProvider.System.GetUtcNow());
        (ownCpu, listenerCpu) = (ProcessCpu.Of(Environment.ProcessId) - ownCpu, ProcessCpu.Of(receiver.ProcessId) - listenerCpu);
        (gcPause, gen0, gen1, gen2) = (GC.GetTotalPauseDuration() - gcPause, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var process = Process.GetCurrentProcess();
        var rssMb = process.WorkingSet64 / (1024.0 * 1024.0);

        var calls = await receiver.CallsAsync(CancellationToken.None);
        var inWindow = calls.Where(c => c.Scheduled >= start && c.Scheduled < end).ToList();
        var distinct = inWindow.Select(c => (c.Job, c.Scheduled)).Distinct().Count();
        var lags = inWindow.Select(c => (c.Arrived - c.Scheduled).TotalMilliseconds).Order().ToList();
        var expected = jobs * options.Seconds;
        Console.WriteLine();
        Console.WriteLine($"| jobs | listener | window | fires achieved / expected | duplicates | lag p50 | p95 | p99 | max | process RSS |");
        Console.WriteLine($"| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {jobs} | {options.Listener} | {options.Seconds} s | {distinct} / {expected} | {inWindow.Count - distinct} | {Percentiles.Of(lags, 50):0.0} ms | {Percentiles.Of(lags, 95):0.0} ms | {Percentiles.Of(lags, 99):0.0} ms | {(lags.Count > 0 ? lags[^1] : double.NaN):0.0} ms | {rssMb:0} MiB |"));

        // The worst seconds show whether a tail is spread out or one stall that held every job at once.
        Console.WriteLine();
        Console.WriteLine("slowest seconds (slot: fires, p50 and max lag):");
        foreach (var slot in inWindow.GroupBy(c => c.Scheduled)
                     .Select(g => (Slot: g.Key, Count: g.Count(), Lags: g.Select(c => (c.Arrived - c.Scheduled).TotalMilliseconds).Order().ToList()))
                     .OrderByDescending(s => s.Lags[^1]).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {slot.Slot:HH:mm:ss}: {slot.Count}, {Percentiles.Of(slot.Lags, 50):0.0} ms, {slot.Lags[^1]:0.0} ms"));
        }

        var fires = (double)jobs * options.Seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per fire over the window: {ownCpu.TotalMicroseconds / fires:0} µs in this process (Gnomon{(options.Listener == "dotnet" ? " and the listener" : "")}){(options.Listener == "node" ? $", {listenerCpu.TotalMicroseconds / fires:0} µs in the node listener" : "")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        trace?.Report(start, end, calls, gcPause, gen0, gen1, gen2);

        await app.StopAsync();
        try
        {
            await postgres.StopAsync(CancellationToken.None);
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        return !calling || distinct == expected ? 0 : 1;
    }
}
