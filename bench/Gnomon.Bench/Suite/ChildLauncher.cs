using System.Diagnostics;
using System.Text.Json;

namespace Gnomon.Bench.Suite;

/// <summary>The suite side: runs one scenario of one system in a fresh child process of this harness and reads its result.</summary>
internal static class ChildLauncher
{
    public static async Task<ChildResult> RunAsync(ChildRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = false, RedirectStandardError = false };
        // Run as `dotnet Gnomon.Bench.dll` when the host is dotnet itself, else the apphost.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildLauncher).Assembly.Location);
        }

        foreach (var argument in request.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new ChildResult(request.System, request.Scenario, null, null, null, null, double.NaN, $"did not finish within {timeout}");
        }

        if (!File.Exists(request.OutputFile))
        {
            return new ChildResult(request.System, request.Scenario, null, null, null, null, double.NaN, $"the child exited with {process.ExitCode} and wrote no result");
        }

        var result = JsonSerializer.Deserialize<ChildResult>(await File.ReadAllTextAsync(request.OutputFile, cancellationToken), BenchJson.Options)!;
        File.Delete(request.OutputFile);
        return result;
    }
}
