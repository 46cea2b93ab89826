using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL server on 127.0.0.1, initialised and started from the machine's PostgreSQL binaries,
/// for <c>gnomon dev</c> and the test assemblies.
/// </summary>
/// <remarks>
/// A server left running by a killed launcher is adopted rather than duplicated: two servers never share a data
/// directory. An adopted server keeps the settings it was started with (durability, max_connections); only a
/// different requested port makes the launcher restart it.
/// </remarks>
public sealed partial class EmbeddedPostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly ClusterControl _cluster;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private Task? _stopTask;

    private EmbeddedPostgresServer(ClusterControl cluster, int port, string database, bool reused, TimeSpan timeout, ILogger logger)
    {
        _cluster = cluster;
        _timeout = timeout;
        _logger = logger;
        Port = port;
        Reused = reused;
        ConnectionString = ConnectionStringFor(database);
    }

    /// <summary>The TCP port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Connection string for <see cref="EmbeddedPostgresOptions.Database"/> as superuser <c>postgres</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Whether a server left running by an earlier, killed run was adopted instead of starting one.</summary>
    public bool Reused { get; }

    /// <summary>The directory of the PostgreSQL programs the server runs from; its client tools (pgbench, psql) sit beside them.</summary>
    public string BinDirectory => _cluster.BinDirectory;

    /// <summary>
    /// Initialises the cluster when needed, adopts a server already running on it or starts one, waits until it
    /// accepts connections and creates <see cref="EmbeddedPostgresOptions.Database"/> when missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">A step failed; the message carries the tail of the server log.</exception>
    public static async Task<EmbeddedPostgresServer> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Validate(options);

        var binaries = await PostgresBinaries.ResolveAsync(options.BinDirectory, cancellationToken).ConfigureAwait(false);
        Log.UsingBinaries(logger, binaries.BinDirectory, binaries.Source);
        var runAs = IsRoot() ? "postgres" : null;
        if (runAs is not null)
        {
            Log.RunningAsOtherUser(logger, runAs);
        }

        var cluster = new ClusterControl(binaries, new PostgresCommandFactory(runAs), Path.GetFullPath(options.DataDirectory), logger);
        await cluster.PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (!cluster.IsInitialized)
        {
            await cluster.InitializeAsync(options.Durable, cancellationToken).ConfigureAwait(false);
        }

        var reused = false;
        var runningPort = await FindRunningServerAsync(cluster, options.StartTimeout, logger, cancellationToken).ConfigureAwait(false);
        int port;
        if (runningPort is { } running && (options.Port is null || options.Port == running))
        {
            port = running;
            reused = true;
            Log.AdoptedRunningServer(logger, cluster.ClusterDirectory, port);
        }
        else
        {
            if (runningPort is { } other)
            {
                Log.RestartingOnRequestedPort(logger, other, options.Port!.Value);
                await cluster.StopAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            }

            port = options.Port ?? FreeLoopbackPort();
            await cluster.StartAsync(port, options, cancellationToken).ConfigureAwait(false);
        }

        var server = new EmbeddedPostgresServer(cluster, port, options.Database, reused, options.StartTimeout, logger);
        try
        {
            if (!reused)
            {
                if (!await WaitUntilAcceptingAsync(port, options.StartTimeout, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL on '{cluster.ClusterDirectory}' did not accept connections on 127.0.0.1:{port} within {options.StartTimeout}.\n" +
                        $"--- last lines of {cluster.LogFile} ---\n{cluster.LogTail()}");
                }

                Log.ServerStarted(logger, port);
            }

            await server.EnsureDatabaseAsync(options.Database, cancellationToken).ConfigureAwait(false);
            if (options.Ephemeral && PostmasterPidFile.TryRead(cluster.ClusterDirectory) is { } pidFile)
            {
                ExitWatchdog.Start(pidFile.ProcessId, Path.GetFullPath(options.DataDirectory));
            }

            return server;
        }
        catch (Exception ex) when (!reused)
        {
            // A server this call started must not outlive its failed start; the original error is what matters.
            Log.StoppingAfterFailedStart(logger, ex);
            try
            {
                await cluster.StopAsync(options.StartTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException stopError)
            {
                Log.StopAfterFailedStartFailed(logger, stopError);
            }

            throw;
        }
    }

    /// <summary>Connection string for <paramref name="database"/> on this server as superuser <c>postgres</c>.</summary>
    public string ConnectionStringFor(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return BuildConnectionString(Port, database);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast -w</c>). Calling it again does nothing.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A stop that failed or was cancelled may be tried again; one that succeeded is final.
            if (_stopTask is null || _stopTask.IsFaulted || _stopTask.IsCanceled)
            {
                _stopTask = StopCoreAsync(cancellationToken);
            }

            return _stopTask;
        }
    }

    /// <summary>Stops the server; see <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        Log.StoppingServer(_logger, Port);
        var wasRunning = await _cluster.StopAsync(_timeout, cancellationToken).ConfigureAwait(false);
        Log.ServerStopped(_logger, Port, wasRunning);
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection to an earlier run of this server on the same port would be a dead one.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(BuildConnectionString(Port, "postgres")) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var exists = connection.CreateCommand();
            await using (exists.ConfigureAwait(false))
            {
                exists.CommandText = "select exists (select 1 from pg_database where datname = $1)";
                exists.Parameters.Add(new NpgsqlParameter { Value = database });
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return;
                }
            }

            Log.CreatingDatabase(_logger, database);
            var create = connection.CreateCommand();
            await using (create.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // The only variable part is an identifier, quoted by QuoteIdentifier.
                create.CommandText = "CREATE DATABASE " + QuoteIdentifier(database);
#pragma warning restore CA2100
                try
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another launcher created it between our check and our CREATE: the goal is met.
                }
            }
        }
    }

    /// <summary>
    /// The port of a server already running on the cluster, or <see langword="null"/> when none runs (a stale lock
    /// file is left to PostgreSQL, or removed when its process id now belongs to something else).
    /// </summary>
    private static async Task<int?> FindRunningServerAsync(ClusterControl cluster, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var pidFile = PostmasterPidFile.TryRead(cluster.ClusterDirectory);
        if (pidFile is null)
        {
            return null;
        }

        switch (ProcessProbe.Inspect(pidFile.ProcessId))
        {
            case ProcessState.Dead:
                Log.StaleLockFile(logger, pidFile.ProcessId);
                return null;
            case ProcessState.Other:
                // PostgreSQL treats any live process id as a running server and refuses to start, so a reused id or
                // a zombie postmaster (no reaping init in a container) would block us forever. Removing the file is
                // safe only if no PostgreSQL process still works in the cluster.
                if (ProcessProbe.FindProcessWorkingIn(cluster.ClusterDirectory) is { } orphan)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL process {orphan} still works in '{cluster.ClusterDirectory}' although the server (pid {pidFile.ProcessId}) is gone; " +
                        "stop it before starting a new server on this data directory.");
                }

                Log.RemovedForeignLockFile(logger, pidFile.ProcessId);
                File.Delete(Path.Combine(cluster.ClusterDirectory, PostmasterPidFile.FileName));
                return null;
        }

        // A live server: it may still be starting, so give it the start timeout to answer.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var current = PostmasterPidFile.TryRead(cluster.ClusterDirectory);
                if (current is null || ProcessProbe.Inspect(current.ProcessId) != ProcessState.LivePostgres)
                {
                    return null;
                }

                if (current.Port > 0 && await AcceptsConnectionsAsync(current.Port, deadline.Token).ConfigureAwait(false))
                {
                    return current.Port;
                }

                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"A PostgreSQL server (pid {pidFile.ProcessId}) already runs on '{cluster.ClusterDirectory}' but did not accept connections " +
                $"on 127.0.0.1:{pidFile.Port} within {timeout}; refusing to start a second server on the same data directory.\n" +
                $"--- last lines of {cluster.LogFile} ---\n{cluster.LogTail()}");
        }
    }

    private static async Task<bool> WaitUntilAcceptingAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await AcceptsConnectionsAsync(port, deadline.Token).ConfigureAwait(false))
            {
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(BuildConnectionString(port, "postgres", pooling: false));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (NpgsqlException)
            {
                // Not up yet (refused, or "the database system is starting up"): the caller polls until its deadline.
                return false;
            }
        }
    }

    private static string BuildConnectionString(int port, string database, bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = database };
        if (!pooling)
        {
            // Probes must not leave idle pools behind; setting it only here keeps the public string minimal.
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static void Validate(EmbeddedPostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("DataDirectory is required.", nameof(options));
        }

        if (options.Port is { } port && (port < 1 || port > 65535))
        {
            throw new ArgumentOutOfRangeException(nameof(options), port, "Port must be between 1 and 65535.");
        }

        if (string.IsNullOrEmpty(options.Database))
        {
            throw new ArgumentException("Database is required.", nameof(options));
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.StartTimeout, "StartTimeout must be positive.");
        }

        if (options.MaxConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConnections, "MaxConnections must be at least 1.");
        }

        foreach (var (name, value) in options.Settings)
        {
            if (!IsPlainSetting(name) || !IsPlainSetting(value))
            {
                throw new ArgumentException(
                    $"Setting '{name}={value}' must use only letters, digits and _ . , - (the server's command line goes through a shell).", nameof(options));
            }
        }
    }

    private static bool IsPlainSetting(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ',' or '-');
}
