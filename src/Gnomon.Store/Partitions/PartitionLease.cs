namespace Gnomon.Store.Partitions;

/// <summary>A partition held by a master, under the epoch it was acquired with.</summary>
public readonly record struct PartitionLease(int Partition, long Epoch);
