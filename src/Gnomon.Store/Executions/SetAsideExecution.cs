namespace Gnomon.Store.Executions;

/// <summary>An execution row that could not be claimed, started or taken back as it stands, failed with <paramref name="Reason"/> instead.</summary>
/// <remarks>Whatever got into the table (an instant PostgreSQL cannot do arithmetic on, a counter at its limit, JSON no
/// executor reads), one row must not stop the work of every other: it is set aside, and the rest carries on.</remarks>
public sealed record SetAsideExecution(Guid Id, string Reason);
