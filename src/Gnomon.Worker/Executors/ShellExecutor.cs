using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Gnomon.Domain.Executors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gnomon.Worker.Executors;

/// <summary>
/// Runs <see cref="ShellExecutorSpec"/>: a program with an argument list (never through a shell), stdout and
/// stderr interleaved into one bounded output; exit code 0 is success.
/// </summary>
internal sealed partial class ShellExecutor(
    IOptions<ExecutorOptions> options,
    TimeProvider timeProvider,
    ILogger<ShellExecutor> logger) : IExecutor
{
    public const string DisabledError =
        "shell executor is disabled on this worker; enable with Executors:Shell:Enabled=true";

    /// <summary>
    /// How long output is still read after the process exited: a background grandchild that inherited the
    /// pipes would otherwise hold the execution open until it exits.
    /// </summary>
    private static readonly TimeSpan s_outputDrainGrace = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a killed process to be reaped; SIGKILL makes this milliseconds.</summary>
    private static readonly TimeSpan s_killWait = TimeSpan.FromSeconds(5);

    private readonly ExecutorOptions _options = options.Value;

    public string Type => ShellExecutorSpec.TypeName;

    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Executor is not ShellExecutorSpec spec)
        {
            return ExecutionOutcome.Failed($"the shell executor cannot run a '{request.Executor?.Type}' executor");
        }

        if (!_options.Shell.Enabled)
        {
            LogDisabled(logger, request.ExecutionId, request.JobId, request.Attempt);
            return ExecutionOutcome.Failed(DisabledError);
        }

        if (string.IsNullOrWhiteSpace(spec.Command))
        {
            return ExecutionOutcome.Failed("the shell executor needs a command");
        }

        if (spec.WorkingDirectory is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            return ExecutionOutcome.Failed($"working directory '{directory}' does not exist on this worker");
        }

        using var process = new Process { StartInfo = CreateStartInfo(spec) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            LogStartFailed(logger, request.ExecutionId, request.JobId, request.Attempt, spec.Command, ex.Message);
            return ExecutionOutcome.Failed($"command '{spec.Command}' could not be started: {ex.Message}");
        }

        LogStarted(logger, request.ExecutionId, request.JobId, request.Attempt, spec.Command, process.Id);
        // The child gets an empty stdin rather than the worker's.
        process.StandardInput.Close();

        var output = new BoundedOutput(_options.MaxOutputBytes);
        using var stopReading = new CancellationTokenSource();
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, output, stopReading.Token),
            PumpAsync(process.StandardError.BaseStream, output, stopReading.Token));

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await KillTreeAsync(request, process);
            await stopReading.CancelAsync();
            await WaitQuietlyAsync(readers, s_outputDrainGrace, CancellationToken.None);
            throw;
        }

        // Normally the pipes are at EOF already and this returns at once.
        if (!await WaitQuietlyAsync(readers, s_outputDrainGrace, cancellationToken))
        {
            await stopReading.CancelAsync();
            LogOutputAbandoned(logger, request.ExecutionId, request.JobId, request.Attempt);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = process.ExitCode;
        LogExited(logger, request.ExecutionId, request.JobId, request.Attempt, exitCode);
        return new ExecutionOutcome(
            exitCode == 0,
            new JsonObject { ["exitCode"] = exitCode },
            output.ToString(),
            exitCode == 0 ? null : $"'{spec.Command}' exited with code {exitCode}");
    }

    private static ProcessStartInfo CreateStartInfo(ShellExecutorSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.Command)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in spec.Args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Env ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Copies a pipe into the shared output; keeps draining past the limit so the child never blocks.</summary>
    private static async Task PumpAsync(Stream stream, BoundedOutput output, CancellationToken cancellationToken)
    {
        var buffer = new byte[8 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                output.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Reading stops when the execution is over; what was read is kept.
        }
    }

    private async Task KillTreeAsync(ExecutionRequest request, Process process)
    {
        var processId = process.Id;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited on its own in the meantime.
        }
        catch (Exception ex) when (ex is AggregateException or Win32Exception or NotSupportedException)
        {
            LogKillFailed(logger, request.ExecutionId, request.JobId, request.Attempt, processId, ex);
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(s_killWait, timeProvider, CancellationToken.None);
            LogKilled(logger, request.ExecutionId, request.JobId, request.Attempt, processId);
        }
        catch (TimeoutException ex)
        {
            LogKillFailed(logger, request.ExecutionId, request.JobId, request.Attempt, processId, ex);
        }
    }

    private async Task<bool> WaitQuietlyAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
