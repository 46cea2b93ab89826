namespace Gnomon.Store.Partitions;

/// <summary>
/// What a master may write for: its node id and the leases it believes it holds. Every scheduling write checks
/// the fence in the database (owner, epoch and expiry), so a belief that is out of date writes nothing.
/// </summary>
public sealed record PartitionFence(Guid Owner, IReadOnlyList<PartitionLease> Leases)
{
    public static PartitionFence None(Guid owner) => new(owner, []);

    public IReadOnlyCollection<int> Partitions => [.. Leases.Select(l => l.Partition)];

    internal short[] PartitionArray() => [.. Leases.Select(l => (short)l.Partition)];

    internal long[] EpochArray() => [.. Leases.Select(l => l.Epoch)];
}
