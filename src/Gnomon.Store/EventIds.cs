namespace Gnomon.Store;

/// <summary>Every log event id of this project, in one place, so none is used twice; grouped by the type that logs it.</summary>
internal static class EventIds
{
    public const int SchemaMigratorApplied = 100;

    public const int NotificationListenerListenFailed = 200;

    public const int DatabaseMonitorLost = 210;
    public const int DatabaseMonitorRegained = 211;
    public const int DatabaseMonitorMoved = 212;
    public const int DatabaseMonitorStandby = 213;

    public const int SchemaMigrationServiceWaiting = 220;
    public const int SchemaMigrationServiceFailed = 221;

    public const int StatsFlushServiceFailed = 230;
}
