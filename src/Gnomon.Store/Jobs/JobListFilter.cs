namespace Gnomon.Store.Jobs;

/// <summary>Filters and page of a job listing; the cursor is the last id of the previous page.</summary>
public sealed record JobListFilter(bool? Paused, string? Queue, string? NameContains, int Limit, Guid? After);
