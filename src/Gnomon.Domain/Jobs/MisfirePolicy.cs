namespace Gnomon.Domain.Jobs;

/// <summary>How slots the scheduler reaches later than <c>Scheduler:MisfireThreshold</c> are handled: missed while no scheduler was alive, or while the system was overloaded.</summary>
public enum MisfirePolicy
{
    /// <summary>Run the latest missed slot once; record the others as skipped.</summary>
    RunOnce = 0,

    /// <summary>Run none of the missed slots; record them as skipped.</summary>
    Skip = 1,

    /// <summary>Run every missed slot, up to a cap; record the rest as skipped.</summary>
    RunAll = 2,
}
