using Gnomon.Store.Partitions;

namespace Gnomon.Testing;

/// <summary>Partition leases arranged for tests, written as the lease store would.</summary>
public static class TestPartitions
{
    /// <summary>Takes every partition's lease for <paramref name="owner"/> for an hour (a new epoch each), as the database records it.</summary>
    public static async Task<PartitionFence> TakeAllAsync(string connectionString, Guid owner)
    {
        var leases = await Sql.QueryAsync(connectionString, """
            update gnomon_partition_leases set owner_id = $1, epoch = epoch + 1, expires_at = now() + interval '1 hour', acquired_at = now()
            returning partition, epoch
            """, r => new PartitionLease(r.GetInt16(0), r.GetInt64(1)), owner);
        return new PartitionFence(owner, [.. leases.OrderBy(l => l.Partition)]);
    }
}
