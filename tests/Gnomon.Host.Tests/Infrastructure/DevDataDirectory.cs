using System.Diagnostics;
using System.Globalization;
using Gnomon.Testing;

namespace Gnomon.Host.Tests.Infrastructure;

/// <summary>
/// A fresh <c>--data-dir</c> for <c>gnomon dev</c> (plus a working directory beside it); on dispose, any PostgreSQL
/// still running on it is stopped and everything is deleted, so a failed test leaves nothing behind.
/// </summary>
internal sealed class DevDataDirectory : IAsyncDisposable
{
    public DevDataDirectory()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gnomon-host-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkingDirectory);
    }

    /// <summary>Holds both directories.</summary>
    public string Root { get; }

    /// <summary>Where the embedded database lives; created by gnomon.</summary>
    public string Path => System.IO.Path.Combine(Root, "data");

    /// <summary>Where gnomon runs: empty, so no appsettings.json is picked up.</summary>
    public string WorkingDirectory => System.IO.Path.Combine(Root, "work");

    /// <summary>Processes working inside the data directory: the postmaster and its children (they chdir into the cluster).</summary>
    public IReadOnlyList<int> PostgresProcesses()
    {
        var target = System.IO.Path.TrimEndingDirectorySeparator(Path) + "/";
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(System.IO.Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + "/").StartsWith(target, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to inspect.
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresProcesses().Count > 0)
        {
            // Fast shutdown of the postmaster first; whatever is still there after the deadline is killed.
            var pidFile = System.IO.Path.Combine(Path, "pg", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var postmaster))
            {
                await SignalAsync("-INT", postmaster);
            }

            try
            {
                await Eventually.WaitAsync(() => Task.FromResult(PostgresProcesses().Count == 0), "PostgreSQL to stop", TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                foreach (var pid in PostgresProcesses())
                {
                    await SignalAsync("-KILL", pid);
                }
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp directory left behind is harmless; hiding the test's own failure would not be.
        }
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
