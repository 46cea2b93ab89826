using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Gnomon.Bench.Measurement;
using Gnomon.Bench.Systems;

namespace Gnomon.Bench.Suite;

/// <summary>The child side: runs one scenario of one system in this process and writes a <see cref="ChildResult"/> as JSON.</summary>
internal static class ChildRunner
{
    private static readonly TimeSpan JitWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan JitQuietAt = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan JitWaitCap = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ChildRequest request)
    {
        // The parser took only known names.
        var system = SystemCatalog.Create(request.System) ?? throw new UnreachableException($"unknown system '{request.System}'");

        ChildResult result;
        try
        {
            result = request.Scenario switch
            {
                "precision" => await PrecisionAsync(system, request),
                "sustained" => Result(system, request, sustained: await system.RunSustainedAsync(
                    new SustainedSpec(request.Jobs, TimeSpan.FromSeconds(request.BudgetSeconds), request.WarmupSeconds, request.Seconds, request.GraceSeconds),
                    request.ConnectionString,
                    CancellationToken.None)),
                "throughput" => Result(system, request, throughput: await ThroughputAsync(system, request)),
                _ => Result(system, request, scale: await system.RunScaleAsync(
                    new ScaleSpec(request.Jobs, TimeSpan.FromSeconds(request.BudgetSeconds), request.Samples, request.Seconds),
                    request.ConnectionString,
                    CancellationToken.None)),
            };
        }
#pragma warning disable CA1031 // The suite goes on with the other systems and prints why this one failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new ChildResult(system.Name, request.Scenario, null, null, null, null, ProcessMemory.PeakRssMiB(), ex.ToString());
        }

        await File.WriteAllTextAsync(request.OutputFile, JsonSerializer.Serialize(result, BenchJson.Options));
        return result.Error is null ? 0 : 1;
    }

    /// <summary>The measured run, after a warm-up round of the same shape on a scratch database of the same server.</summary>
    /// <remarks>
    /// As the precision and sustained scenarios warm up before their window: a scheduler is a service that runs for
    /// days, and a burst of seconds in a fresh process otherwise measures the JIT compiling the system as much as the
    /// system (on two cores it took a seventh of the machine during the drain, traced with perf).
    /// </remarks>
    private static async Task<ThroughputRun> ThroughputAsync(ISystemUnderTest system, ChildRequest request)
    {
        if (request.WarmupCount > 0)
        {
            await using (var scratch = await ScratchDatabase.CreateAsync(request.ConnectionString, "warmup"))
            {
                await system.RunThroughputAsync(request.WarmupCount, scratch.ConnectionString, CancellationToken.None);
            }

            await JitQuietAsync();
        }

        return await system.RunThroughputAsync(request.Count, request.ConnectionString, CancellationToken.None);
    }

    /// <summary>
    /// Waits until the JIT has gone quiet (less than <see cref="JitQuietAt"/> of compiling in <see cref="JitWindow"/>):
    /// tiered compilation recompiles what the round made hot on a background thread, for as long as its queue lasts
    /// (0.5–3 s here), and a fixed pause either wasted time or left it compiling into the measured run.
    /// </summary>
    private static async Task JitQuietAsync()
    {
        var clock = Stopwatch.StartNew();
        var before = JitInfo.GetCompilationTime();
        while (clock.Elapsed < JitWaitCap)
        {
            await Task.Delay(JitWindow);
            var now = JitInfo.GetCompilationTime();
            if (now - before < JitQuietAt)
            {
                break;
            }

            before = now;
        }

        Console.Error.WriteLine($"warm-up: the JIT went quiet {clock.Elapsed.TotalSeconds:0.0} s after the round");
    }

    private static async Task<ChildResult> PrecisionAsync(ISystemUnderTest system, ChildRequest request)
    {
        var recorder = new FireRecorder();
        var spec = new PrecisionSpec(request.Jobs, request.WarmupSeconds, request.Seconds);
        await system.StartPrecisionAsync(spec, request.ConnectionString, recorder, CancellationToken.None);
        var from = WholeSeconds.After(TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(request.WarmupSeconds));
        var to = from + TimeSpan.FromSeconds(request.Seconds);
        // The grace lets late fires of the window's last slots arrive; fires later than that count as not achieved.
        await Task.Delay(to + TimeSpan.FromSeconds(request.GraceSeconds) - TimeProvider.System.GetUtcNow());
        var fires = recorder.Snapshot();
        await system.StopAsync(CancellationToken.None);
        return Result(system, request, precision: PrecisionAnalysis.Analyse(fires, request.Jobs, from, to));
    }

    private static ChildResult Result(
        ISystemUnderTest system, ChildRequest request, PrecisionResult? precision = null, SustainedRun? sustained = null, ThroughputRun? throughput = null, ScaleRun? scale = null) =>
        new(system.Name, request.Scenario, precision, sustained, throughput, scale, ProcessMemory.PeakRssMiB(), null);
}
