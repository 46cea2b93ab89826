namespace Gnomon.Store.Executions;

/// <summary>What one worker claim asks for.</summary>
/// <param name="MaxStart">Executions due within <paramref name="StartLead"/> to take now (the worker's free running slots).</param>
/// <param name="MaxReserve">Executions due later, up to <paramref name="Lookahead"/>, to hold on a local timer.</param>
/// <param name="StartLead">How early before its instant an execution is marked running.</param>
/// <param name="Lookahead">How far ahead executions are reserved.</param>
/// <param name="Lease">How long the claim lasts without a heartbeat.</param>
public sealed record WorkClaim(int MaxStart, int MaxReserve, TimeSpan StartLead, TimeSpan Lookahead, TimeSpan Lease);
