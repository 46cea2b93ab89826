namespace Gnomon.Store.Scheduling;

/// <summary>What one materialise pass wrote.</summary>
/// <param name="NextFires">For every job planned, its new first slot not yet materialised (null: no more fires).</param>
/// <param name="Inserted">Executions written (pending and skipped); slots that already existed are not counted.</param>
/// <param name="SetAside">Jobs that could not be planned as stored, by id, with the reason recorded on a failed execution; they no longer fire.</param>
public sealed record MaterialiseResult(IReadOnlyDictionary<Guid, DateTimeOffset?> NextFires, int Inserted, IReadOnlyDictionary<Guid, string> SetAside);
