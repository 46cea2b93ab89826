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

namespace Gnomon.Bench;

/// <summary>
/// Fire precision: K jobs with an every-second cron call a local HTTP listener; lag is the arrival of the call
/// minus the slot's nominal instant. Usage: <c>lag [--jobs K] [--seconds N] [--warmup W]</c>.
/// </summary>
internal static class LagScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseOptions(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: lag [--jobs K] [--seconds N] [--warmup W]");
            return 2;
        }

        var (jobs, seconds, warmup) = options.Value;
        var dataDir = Path.Combine(Path.GetTempPath(), "gnomon-bench", Guid.NewGuid().ToString("N"));
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var postgres = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = dataDir, Durable = true, Ephemeral = true }, NullLogger.Instance, CancellationToken.None);
        await using var receiver = await HookReceiver.StartAsync();
        var defaults = new Dictionary<string, string?>
        {
            ["Executors:Http:AllowPrivateNetworks"] = "true",
            ["Worker:Queues"] = "*",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Security:AllowAnonymous"] = "true",
        };
        await using var app = GnomonApplication.Build(["--urls=http://127.0.0.1:0"], GnomonRoles.All, postgres.ConnectionString, defaults);
        await GnomonApplication.StartAsync(app, CancellationToken.None);
        var api = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = api };

        Console.WriteLine($"Creating {jobs} jobs with cron '* * * * * *' calling {receiver.Address} ...");
        for (var i = 0; i < jobs; i++)
        {
            var response = await http.PostAsJsonAsync("/api/v1/jobs", new
            {
                name = $"lag-{i:D5}",
                schedule = new { cron = "* * * * * *" },
                executor = new { type = "http", url = new Uri(receiver.Address, $"/hook/lag-{i:D5}").ToString(), method = "POST" },
            });
            response.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"Warming up {warmup} s, measuring {seconds} s ...");
        var start = Ceiling(TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(warmup));
        var end = start + TimeSpan.FromSeconds(seconds);
        await Task.Delay(end - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2));
        using var process = Process.GetCurrentProcess();
        var rssMb = process.WorkingSet64 / (1024.0 * 1024.0);

        var inWindow = receiver.Calls.Where(c => c.Scheduled >= start && c.Scheduled < end).ToList();
        var distinct = inWindow.Select(c => (c.Job, c.Scheduled)).Distinct().Count();
        var lags = inWindow.Select(c => (c.Arrived - c.Scheduled).TotalMilliseconds).Order().ToList();
        var expected = jobs * seconds;
        Console.WriteLine();
        Console.WriteLine($"| jobs | window | fires achieved / expected | duplicates | lag p50 | p95 | p99 | max | process RSS |");
        Console.WriteLine($"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {jobs} | {seconds} s | {distinct} / {expected} | {inWindow.Count - distinct} | {Percentiles.Of(lags, 50):0.0} ms | {Percentiles.Of(lags, 95):0.0} ms | {Percentiles.Of(lags, 99):0.0} ms | {(lags.Count > 0 ? lags[^1] : double.NaN):0.0} ms | {rssMb:0} MiB |"));

        // The worst seconds show whether a tail is spread out or one stall that held every job at once.
        Console.WriteLine();
        Console.WriteLine("slowest seconds (slot: fires, max lag):");
        foreach (var slot in inWindow.GroupBy(c => c.Scheduled)
                     .Select(g => (Slot: g.Key, Count: g.Count(), Max: g.Max(c => (c.Arrived - c.Scheduled).TotalMilliseconds)))
                     .OrderByDescending(s => s.Max).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {slot.Slot:HH:mm:ss}: {slot.Count}, {slot.Max:0.0} ms"));
        }

        await app.StopAsync();
        try
        {
            await postgres.StopAsync(CancellationToken.None);
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }

        return distinct == expected ? 0 : 1;
    }

    private static DateTimeOffset Ceiling(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static (int Jobs, int Seconds, int Warmup)? ParseOptions(string[] args)
    {
        if (args.Length == 0 || args[0] != "lag")
        {
            return null;
        }

        int jobs = 100, seconds = 60, warmup = 5;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return null;
            }

            switch (args[i])
            {
                case "--jobs": jobs = value; break;
                case "--seconds": seconds = value; break;
                case "--warmup": warmup = value; break;
                default: return null;
            }
        }

        return (jobs, seconds, warmup);
    }
}
