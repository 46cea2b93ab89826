using Gnomon.Store.Partitions;

namespace Gnomon.Scheduler.Planning;

/// <summary>Since when this scheduler has been scheduling each partition it holds, so a missed slot can say whether a scheduler was watching it.</summary>
/// <remarks>
/// Keyed by lease, not partition: a lease lost and taken again has a new epoch, and the slots of the gap between were
/// missed with no scheduler holding them. Not thread-safe; the scheduling loop alone reads and updates it.
/// </remarks>
public sealed class PartitionWatch
{
    private readonly Dictionary<int, (long Epoch, DateTimeOffset Since)> _byPartition = [];

    /// <summary>Starts watching the leases of <paramref name="fence"/> not watched yet (as of <paramref name="now"/>) and forgets those no longer held.</summary>
    public void Update(PartitionFence fence, DateTimeOffset now)
    {
        var held = fence.Leases.ToDictionary(l => l.Partition, l => l.Epoch);
        foreach (var partition in _byPartition.Keys.Where(p => !held.TryGetValue(p, out var epoch) || epoch != _byPartition[p].Epoch).ToList())
        {
            _byPartition.Remove(partition);
        }

        foreach (var (partition, epoch) in held)
        {
            _byPartition.TryAdd(partition, (epoch, now));
        }
    }

    /// <summary>Since when <paramref name="partition"/> has been watched; null when it is not (yet) being scheduled here.</summary>
    public DateTimeOffset? Since(int partition) => _byPartition.TryGetValue(partition, out var watch) ? watch.Since : null;
}
