using System.ComponentModel;
using System.Diagnostics;

namespace Gnomon.EmbeddedPostgres;

/// <summary>Runs a child process without a shell and captures its output.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="startInfo"/> to completion; on cancellation kills it.</summary>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not run '{Describe(startInfo)}': {ex.Message}", ex);
        }

        // Nothing is ever written to the child; closing stdin stops it from waiting on a terminal.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }
    }

    /// <summary>A readable command line for messages and logs (not for execution).</summary>
    public static string Describe(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        return string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a)));
    }
}
