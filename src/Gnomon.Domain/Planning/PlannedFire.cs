namespace Gnomon.Domain.Planning;

/// <summary>One slot of a job decided by the <see cref="FirePlanner"/>: run it, or record it as skipped with the reason.</summary>
public readonly record struct PlannedFire(DateTimeOffset ScheduledAt, bool Skipped, string? Reason);
