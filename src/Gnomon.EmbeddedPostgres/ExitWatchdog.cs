using System.Diagnostics;
using System.Globalization;

namespace Gnomon.EmbeddedPostgres;

/// <summary>
/// A detached shell that waits for this process to exit, however it exits (a test host killed by its runner, a
/// benchmark stopped with Ctrl+C), then stops the postmaster with a fast shutdown and deletes the data directory.
/// </summary>
/// <remarks>
/// A handler on process exit is not enough: a killed process runs none, and a test runner gives its host too little
/// time to run <c>pg_ctl stop</c>. Without this, every test run left a server behind. <c>setsid</c> puts the shell
/// in a session of its own, so killing this process's group does not take the watchdog with it.
/// </remarks>
internal static class ExitWatchdog
{
    private const string Script = """
        parent="$1"; postmaster="$2"; directory="$3"
        while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done
        # Only the server of this directory: a server stopped earlier may have left its pid to another process.
        if tr '\0' ' ' < "/proc/$postmaster/cmdline" 2>/dev/null | grep -qF -- "$directory"; then
            kill -INT "$postmaster"
            for _ in $(seq 1 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -rf "$directory"
        """;

    public static void Start(int postmasterPid, string dataDirectory) => Start(Environment.ProcessId, postmasterPid, dataDirectory);

    /// <summary>Watches <paramref name="parentPid"/> rather than this process; for tests.</summary>
    internal static void Start(int parentPid, int postmasterPid, string dataDirectory)
    {
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["sh", "-c", Script, "gnomon-postgres-watchdog",
                     parentPid.ToString(CultureInfo.InvariantCulture), postmasterPid.ToString(CultureInfo.InvariantCulture), dataDirectory])
        {
            start.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(start)
            ?? throw new InvalidOperationException("could not start the watchdog that stops the embedded PostgreSQL when this process exits");
    }
}
