namespace Gnomon.Store.Scheduling;

/// <summary>What one materialise pass wrote.</summary>
/// <param name="NextFires">For every job planned, its new first slot not yet materialised (null: no more fires).</param>
/// <param name="Inserted">Executions written (pending and skipped); slots that already existed are not counted.</param>
public sealed record MaterialiseResult(IReadOnlyDictionary<Guid, DateTimeOffset?> NextFires, int Inserted);
