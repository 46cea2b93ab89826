namespace Gnomon.Bench.Systems;

/// <summary>What one scale run measured; a figure the system could not give is null, with the reason in <see cref="Note"/>.</summary>
/// <param name="Requested">Jobs the spec asked for.</param>
/// <param name="Created">Jobs created within the budget.</param>
/// <param name="CreateSeconds">Time to create them.</param>
/// <param name="GetP99Ms">p99 of reading one job by its key, over the system's own interface (Gnomon: the REST API).</param>
/// <param name="ListP99Ms">p99 of listing one page of 50 jobs.</param>
/// <param name="LagP99Ms">p99 fire lag of the jobs that fired while watched.</param>
/// <param name="FiresAchieved">Distinct slots that ran inside the watch window.</param>
/// <param name="FiresExpected">Slots due inside the watch window.</param>
/// <param name="DashboardPages">Gnomon only: the dashboard's pages at this size (target: each under 300 ms).</param>
/// <param name="SchedulerRssMiB">Resident memory of the process that schedules, after creation and the watch.</param>
internal sealed record ScaleRun(
    int Requested,
    int Created,
    double CreateSeconds,
    double? GetP99Ms,
    double? ListP99Ms,
    double? LagP99Ms,
    long FiresAchieved,
    long FiresExpected,
    double SchedulerRssMiB,
    string? Note = null,
    IReadOnlyList<PageTiming>? DashboardPages = null)
{
    public double CreatePerSecond => Created / CreateSeconds;
}
