namespace Gnomon.Domain.Planning;

/// <summary>Limits of misfire handling.</summary>
/// <param name="Threshold">How late a slot may be and still run as a normal fire; later slots are misfires.</param>
/// <param name="RunAllCap">With <c>runAll</c>, at most this many missed slots run (the most recent ones).</param>
/// <param name="MaxRecordedSkips">At most this many skipped slots are written as rows per pass (the latest ones); the reason of the first recorded counts the rest.</param>
/// <param name="MaxEnumerated">After this many missed slots the planner stops walking the schedule and jumps to the latest missed slots, counting the ones jumped over as "at least".</param>
/// <param name="MaxBacklog">The scheduler's bound on due executions waiting for a worker (<c>Scheduler:MaxBacklog</c>), named in the reason of a slot missed while the system was overloaded; null leaves it out.</param>
public sealed record MisfireOptions(TimeSpan Threshold, int RunAllCap = 100, int MaxRecordedSkips = 1000, int MaxEnumerated = 100_000, int? MaxBacklog = null)
{
    public static MisfireOptions Default { get; } = new(TimeSpan.FromSeconds(5));
}
