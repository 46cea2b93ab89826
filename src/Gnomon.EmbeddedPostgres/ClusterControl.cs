using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gnomon.EmbeddedPostgres;

/// <summary>Drives initdb and pg_ctl for one cluster directory.</summary>
internal sealed class ClusterControl(PostgresBinaries binaries, PostgresCommandFactory commands, string dataDirectory, ILogger logger)
{
    /// <summary>The directory of the PostgreSQL programs this cluster runs with.</summary>
    public string BinDirectory => binaries.BinDirectory;

    /// <summary>The cluster: <c>DataDirectory/pg</c>.</summary>
    public string ClusterDirectory { get; } = Path.Combine(dataDirectory, "pg");

    /// <summary>The server log: <c>DataDirectory/postgres.log</c>.</summary>
    public string LogFile { get; } = Path.Combine(dataDirectory, "postgres.log");

    /// <summary>Whether initdb has completed here.</summary>
    public bool IsInitialized => File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"));

    /// <summary>Creates the directories and, when running as another account, hands the cluster and log to it.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The embedded PostgreSQL launcher runs on Linux and macOS only.");
        }

        Directory.CreateDirectory(dataDirectory);
        Directory.CreateDirectory(ClusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (commands.RunAsUser is not { } user)
        {
            return;
        }

        await DirectoryTraversal.EnsureTraversableAsync(dataDirectory, user, logger, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(LogFile))
        {
            await File.WriteAllBytesAsync(LogFile, [], cancellationToken).ConfigureAwait(false);
        }

        // Only the cluster and its log change hands; the rest of the data directory stays the caller's.
        await RunCheckedAsync(new ProcessStartInfo("chown") { ArgumentList = { "-R", user + ":", ClusterDirectory, LogFile } }, "chown", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs initdb: superuser <c>postgres</c>, trust authentication, UTF-8.</summary>
    public async Task InitializeAsync(bool durable, CancellationToken cancellationToken)
    {
        var locale = await HasCUtf8LocaleAsync(cancellationToken).ConfigureAwait(false) ? "--locale=C.UTF-8" : "--no-locale";
        if (locale == "--no-locale")
        {
            EmbeddedPostgresServer.Log.LocaleFallback(logger);
        }

        List<string> arguments = ["-D", ClusterDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", locale];
        if (!durable)
        {
            arguments.Add("--no-sync");
        }

        EmbeddedPostgresServer.Log.InitializingCluster(logger, ClusterDirectory);
        await RunCheckedAsync(commands.Create(binaries.InitDb, arguments), "initdb", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the server with <c>pg_ctl start -w</c>, listening on 127.0.0.1:<paramref name="port"/> only.</summary>
    public async Task StartAsync(int port, EmbeddedPostgresOptions options, CancellationToken cancellationToken)
    {
        // pg_ctl hands -o to /bin/sh, hence the shell quoting of the empty socket directory list.
        List<string> settings =
        [
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=''",
            "-c", "max_connections=" + options.MaxConnections.ToString(CultureInfo.InvariantCulture),
        ];
        if (!options.Durable)
        {
            settings.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        foreach (var (name, value) in options.Settings)
        {
            settings.AddRange(["-c", $"{name}={value}"]);
        }

        var startInfo = commands.Create(binaries.PgCtl,
        [
            "start", "-w", "-t", Seconds(options.StartTimeout), "-D", ClusterDirectory, "-l", LogFile, "-o", string.Join(' ', settings),
        ]);
        EmbeddedPostgresServer.Log.StartingServer(logger, ClusterDirectory, port);
        await RunCheckedAsync(startInfo, "pg_ctl start", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server with <c>pg_ctl stop -m fast -w</c>; does nothing when none runs.</summary>
    /// <returns>Whether a server was running.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsRunning())
        {
            return false;
        }

        var result = await ProcessRunner.RunAsync(
            commands.Create(binaries.PgCtl, ["stop", "-w", "-m", "fast", "-t", Seconds(timeout), "-D", ClusterDirectory]),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && IsRunning())
        {
            throw Failure("pg_ctl stop", result);
        }

        return true;
    }

    /// <summary>Whether the lock file names a live postgres process.</summary>
    public bool IsRunning() =>
        PostmasterPidFile.TryRead(ClusterDirectory) is { } pidFile && ProcessProbe.Inspect(pidFile.ProcessId) == ProcessState.LivePostgres;

    /// <summary>The last <paramref name="lines"/> lines of the server log, for error messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return all.Length == 0 ? "(empty)" : string.Join('\n', all.TakeLast(lines));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(no log: {ex.Message})";
        }
    }

    /// <summary>An exception naming the failed step, its output and the tail of the server log.</summary>
    public InvalidOperationException Failure(string step, ProcessResult result) =>
        new($"{step} failed (exit code {result.ExitCode}) for cluster '{ClusterDirectory}':\n{result.CombinedOutput}\n" +
            $"--- last lines of {LogFile} ---\n{LogTail()}");

    private async Task RunCheckedAsync(ProcessStartInfo startInfo, string step, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(startInfo, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Failure(step, result);
        }
    }

    private static async Task<bool> HasCUtf8LocaleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(new ProcessStartInfo("locale") { ArgumentList = { "-a" } }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded && result.StandardOutput.Split('\n').Any(l =>
                l.Trim() is var name && (name.Equals("C.UTF-8", StringComparison.OrdinalIgnoreCase) || name.Equals("C.utf8", StringComparison.OrdinalIgnoreCase)));
        }
        catch (InvalidOperationException)
        {
            // No `locale` program: assume the minimal case.
            return false;
        }
    }

    private static string Seconds(TimeSpan timeout) =>
        Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
