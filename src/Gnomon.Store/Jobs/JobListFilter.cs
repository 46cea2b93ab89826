namespace Gnomon.Store.Jobs;

/// <summary>Filters and page of a job listing; the cursor is the last id of the previous page; <paramref name="Labels"/> must all match.</summary>
public sealed record JobListFilter(bool? Paused, string? Queue, string? NameContains, int Limit, Guid? After, IReadOnlyDictionary<string, string>? Labels = null);
