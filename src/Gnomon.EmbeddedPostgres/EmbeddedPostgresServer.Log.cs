using Microsoft.Extensions.Logging;

namespace Gnomon.EmbeddedPostgres;

public sealed partial class EmbeddedPostgresServer
{
    /// <summary>The launcher's log messages; event ids are stable.</summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerUsingBinaries, Level = LogLevel.Debug, Message = "Using PostgreSQL binaries in {BinDirectory} ({Source})")]
        public static partial void UsingBinaries(ILogger logger, string binDirectory, string source);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerRunningAsOtherUser, Level = LogLevel.Information, Message = "Running as root: PostgreSQL runs as user {User}")]
        public static partial void RunningAsOtherUser(ILogger logger, string user);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerMadeDirectoryTraversable, Level = LogLevel.Warning, Message = "Added o+x to {Directory} so that user {User} can reach the data directory")]
        public static partial void MadeDirectoryTraversable(ILogger logger, string directory, string user);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerLocaleFallback, Level = LogLevel.Warning, Message = "Locale C.UTF-8 is not installed; initialising the cluster with --no-locale")]
        public static partial void LocaleFallback(ILogger logger);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerInitializingCluster, Level = LogLevel.Information, Message = "Initialising PostgreSQL cluster in {ClusterDirectory}")]
        public static partial void InitializingCluster(ILogger logger, string clusterDirectory);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerStartingServer, Level = LogLevel.Information, Message = "Starting PostgreSQL on {ClusterDirectory}, port {Port}")]
        public static partial void StartingServer(ILogger logger, string clusterDirectory, int port);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerServerStarted, Level = LogLevel.Information, Message = "PostgreSQL accepts connections on 127.0.0.1:{Port}")]
        public static partial void ServerStarted(ILogger logger, int port);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerAdoptedRunningServer, Level = LogLevel.Information, Message = "Adopted the PostgreSQL server already running on {ClusterDirectory}, port {Port}")]
        public static partial void AdoptedRunningServer(ILogger logger, string clusterDirectory, int port);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerStaleLockFile, Level = LogLevel.Debug, Message = "Lock file names process {ProcessId}, which is gone; PostgreSQL will replace it")]
        public static partial void StaleLockFile(ILogger logger, int processId);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerRemovedForeignLockFile, Level = LogLevel.Warning, Message = "Removed lock file naming process {ProcessId}, which is not a live PostgreSQL server")]
        public static partial void RemovedForeignLockFile(ILogger logger, int processId);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerRestartingOnRequestedPort, Level = LogLevel.Information, Message = "Restarting the running PostgreSQL server from port {RunningPort} on the requested port {RequestedPort}")]
        public static partial void RestartingOnRequestedPort(ILogger logger, int runningPort, int requestedPort);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerCreatingDatabase, Level = LogLevel.Information, Message = "Creating database {Database}")]
        public static partial void CreatingDatabase(ILogger logger, string database);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerStoppingServer, Level = LogLevel.Information, Message = "Stopping PostgreSQL on port {Port}")]
        public static partial void StoppingServer(ILogger logger, int port);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerServerStopped, Level = LogLevel.Information, Message = "PostgreSQL on port {Port} stopped (was running: {WasRunning})")]
        public static partial void ServerStopped(ILogger logger, int port, bool wasRunning);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerStoppingAfterFailedStart, Level = LogLevel.Warning, Message = "Start failed after the server was launched; stopping it")]
        public static partial void StoppingAfterFailedStart(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.EmbeddedPostgresServerStopAfterFailedStartFailed, Level = LogLevel.Error, Message = "Could not stop the server after a failed start; it may still be running")]
        public static partial void StopAfterFailedStartFailed(ILogger logger, Exception exception);
    }
}
