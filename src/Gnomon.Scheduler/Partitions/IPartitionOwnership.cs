using Gnomon.Store.Partitions;

namespace Gnomon.Scheduler.Partitions;

/// <summary>Which job partitions this master schedules now, and the fence its writes carry.</summary>
public interface IPartitionOwnership
{
    /// <summary>The leases held at this moment, as last confirmed by the database.</summary>
    PartitionFence Fence { get; }

    /// <summary>The partitions of <see cref="Fence"/>.</summary>
    IReadOnlyCollection<int> OwnedPartitions => Fence.Partitions;

    /// <summary>Raised when partitions were gained or lost, so the schedule is reloaded for the new set.</summary>
    event Action? Changed;
}
