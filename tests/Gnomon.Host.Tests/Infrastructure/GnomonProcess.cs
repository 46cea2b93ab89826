using System.Diagnostics;
using System.Text;
using Gnomon.Testing;

namespace Gnomon.Host.Tests.Infrastructure;

/// <summary>The real <c>gnomon</c> binary running as a child process, with its output captured; killed on dispose.</summary>
internal sealed class GnomonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private GnomonProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far, interleaved as it arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet gnomon.dll <paramref name="args"/></c> in <paramref name="workingDirectory"/>, with no database configured in its environment.</summary>
    public static GnomonProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string, string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static GnomonProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(HostBinary.Path);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // The child must see only what the test gives it, not a database or settings from the developer's shell.
        foreach (var key in startInfo.Environment.Keys.Where(IsGnomonSetting).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var gnomon = new GnomonProcess(process);
        process.OutputDataReceived += (_, e) => gnomon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gnomon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gnomon;
    }

    /// <summary>Runs gnomon to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, TimeSpan, string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var gnomon = Start(workingDirectory, environment, args);
        var exitCode = await gnomon.WaitForExitAsync(timeout);
        return (exitCode, gnomon.Output);
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails early if the process exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        await Eventually.WaitAsync(
            () => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited),
            $"'{text}' in gnomon's output",
            timeout);
        if (!Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"gnomon exited with {_process.ExitCode} before writing '{text}'. Output:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, as a service manager stops a process; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"gnomon (pid {_process.Id}) did not exit within {timeout}. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static bool IsGnomonSetting(string key) =>
        key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Scheduler__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Worker__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Executors__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Api__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("GNOMON_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || key.Equals("Urls", StringComparison.OrdinalIgnoreCase);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
