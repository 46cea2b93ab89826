using Gnomon.Scheduler.Partitions;
using Gnomon.Store.Partitions;

namespace Gnomon.Scheduler.Tests;

/// <summary>
/// A master that holds the partitions of <paramref name="fence"/> (see <see cref="Gnomon.Testing.TestPartitions.TakeAllAsync"/>)
/// without a lease manager: for tests of what it writes, not of the split.
/// </summary>
internal sealed class HeldPartitions(PartitionFence fence) : IPartitionOwnership
{
    public PartitionFence Fence { get; } = fence;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
