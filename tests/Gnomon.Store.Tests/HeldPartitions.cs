using Gnomon.Testing;
using Gnomon.Scheduler.Partitions;
using Gnomon.Store.Partitions;

namespace Gnomon.Store.Tests;

/// <summary>A master that holds every partition for an hour, without a lease manager: for tests of what it writes, not of the split.</summary>
internal sealed class HeldPartitions(PartitionFence fence) : IPartitionOwnership
{
    public PartitionFence Fence { get; } = fence;

    public event Action? Changed
    {
        add { }
        remove { }
    }

    /// <summary>Takes every partition's lease for <paramref name="owner"/> (a new epoch each), as the database records it.</summary>
    public static async Task<PartitionFence> TakeAllAsync(string connectionString, Guid owner)
    {
        var leases = await Sql.QueryAsync(connectionString, """
            update gnomon_partition_leases set owner_id = $1, epoch = epoch + 1, expires_at = now() + interval '1 hour', acquired_at = now()
            returning partition, epoch
            """, r => new PartitionLease(r.GetInt16(0), r.GetInt64(1)), owner);
        return new PartitionFence(owner, [.. leases.OrderBy(l => l.Partition)]);
    }
}
