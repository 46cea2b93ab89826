using Gnomon.Domain.Executions;

namespace Gnomon.Store.Executions;

/// <summary>Filters and page of an execution listing; <see cref="From"/>/<see cref="To"/> bound the nominal instant.</summary>
public sealed record ExecutionListFilter(
    Guid? JobId,
    IReadOnlyList<ExecutionStatus>? Statuses,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Queue,
    int Limit,
    Guid? After);
