namespace Gnomon.Scheduler;

/// <summary>Every log event id of this project, in one place, so none is used twice; grouped by the type that logs it.</summary>
internal static class EventIds
{
    public const int SchedulingServiceRefreshed = 300;
    public const int SchedulingServiceLoopFailed = 301;
    public const int SchedulingServiceJobSetAside = 302;
    public const int SchedulingServiceHeldBack = 303;
    public const int SchedulingServiceBackOnTime = 304;

    public const int LeaseReaperReaped = 310;
    public const int LeaseReaperReapFailed = 311;

    public const int PartitionLeaseManagerOwnershipChanged = 320;
    public const int PartitionLeaseManagerTickFailed = 321;
    public const int PartitionLeaseManagerLeasesLapsed = 322;

    public const int RetentionServicePurged = 330;
    public const int RetentionServicePurgeFailed = 331;
}
