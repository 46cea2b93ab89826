using Gnomon.Domain.Jobs;

namespace Gnomon.Scheduler.Partitions;

/// <summary>A lone master owns every partition.</summary>
public sealed class AllPartitions : IPartitionOwnership
{
    private static readonly int[] All = Enumerable.Range(0, JobLimits.PartitionCount).ToArray();

    public IReadOnlyCollection<int> OwnedPartitions => All;
}
