using System.Diagnostics;
using System.Text.Json;

namespace Gnomon.Cli.Tests;

/// <summary>Runs the built <c>gnomon ctl</c> as a child process against one server, as a script would.</summary>
public sealed class Ctl(Uri server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>gnomon ctl <paramref name="args"/></c> with <c>GNOMON_URL</c> set to the server (and nothing else of the caller's).</summary>
    public async Task<CtlRun> RunAsync(params string[] args) => await RunAsync(new Dictionary<string, string>(), args);

    public async Task<CtlRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostBinary.Path);
        start.ArgumentList.Add("ctl");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("GNOMON_API_KEY");
        start.Environment["GNOMON_URL"] = server.ToString();
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gnomon ctl {string.Join(' ', args)} ran past {Timeout.TotalSeconds} s");
        }

        return new CtlRun(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What one run printed and exited with.</summary>
public sealed record CtlRun(int ExitCode, string Output, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
