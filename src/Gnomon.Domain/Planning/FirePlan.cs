namespace Gnomon.Domain.Planning;

/// <summary>The slots to write for one job in one planning pass, and the first slot left for a later pass.</summary>
public sealed record FirePlan(IReadOnlyList<PlannedFire> Fires, DateTimeOffset? NextFire);
