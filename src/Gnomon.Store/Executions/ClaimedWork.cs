namespace Gnomon.Store.Executions;

/// <summary>What one claim took: the executions now held, and the rows it found unusable and set aside.</summary>
public sealed record ClaimedWork(IReadOnlyList<ClaimedExecution> Executions, IReadOnlyList<SetAsideExecution> SetAside);
