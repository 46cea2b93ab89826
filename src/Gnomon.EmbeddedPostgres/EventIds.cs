namespace Gnomon.EmbeddedPostgres;

/// <summary>Every log event id of this project, in one place, so none is used twice; grouped by the type that logs it.</summary>
internal static class EventIds
{
    public const int EmbeddedPostgresServerUsingBinaries = 1;
    public const int EmbeddedPostgresServerRunningAsOtherUser = 2;
    public const int EmbeddedPostgresServerMadeDirectoryTraversable = 3;
    public const int EmbeddedPostgresServerLocaleFallback = 4;
    public const int EmbeddedPostgresServerInitializingCluster = 5;
    public const int EmbeddedPostgresServerStartingServer = 6;
    public const int EmbeddedPostgresServerServerStarted = 7;
    public const int EmbeddedPostgresServerAdoptedRunningServer = 8;
    public const int EmbeddedPostgresServerStaleLockFile = 9;
    public const int EmbeddedPostgresServerRemovedForeignLockFile = 10;
    public const int EmbeddedPostgresServerRestartingOnRequestedPort = 11;
    public const int EmbeddedPostgresServerCreatingDatabase = 12;
    public const int EmbeddedPostgresServerStoppingServer = 13;
    public const int EmbeddedPostgresServerServerStopped = 14;
    public const int EmbeddedPostgresServerStoppingAfterFailedStart = 15;
    public const int EmbeddedPostgresServerStopAfterFailedStartFailed = 16;
}
