namespace Gnomon.Store.Executions;

/// <summary>An execution whose lease a worker renewed, and whether someone asked for it to stop.</summary>
public sealed record LeaseRenewal(Guid Id, bool CancelRequested);
