namespace Gnomon.Store.Partitions;

/// <summary>The outcome of one lease tick.</summary>
/// <param name="Held">The leases held afterwards, by partition.</param>
/// <param name="NextForeignExpiry">
/// How soon (by the database's clock) the first lease of another master lapses unless renewed; a master that
/// ticks again just then takes over a dead one's share at the TTL, not a tick later.
/// </param>
public sealed record PartitionTick(IReadOnlyList<PartitionLease> Held, TimeSpan? NextForeignExpiry);
