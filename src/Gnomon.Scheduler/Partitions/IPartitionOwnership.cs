namespace Gnomon.Scheduler.Partitions;

/// <summary>Which job partitions this master schedules now.</summary>
public interface IPartitionOwnership
{
    /// <summary>The partitions owned at this moment.</summary>
    IReadOnlyCollection<int> OwnedPartitions { get; }
}
