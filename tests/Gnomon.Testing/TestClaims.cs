using Gnomon.Store.Executions;

namespace Gnomon.Testing;

/// <summary>Claims arranged for tests through the worker's own claim.</summary>
public static class TestClaims
{
    /// <summary>
    /// Takes up to <paramref name="max"/> due executions of <paramref name="queues"/> for <paramref name="worker"/> without
    /// starting them, whatever their job's concurrency policy (the claim's held-ahead shape, reaching back a day), so a
    /// test can then start them itself.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimedExecution>> HoldDueAsync(DispatchStore dispatch, Guid worker, QueueSelector queues, int max, TimeSpan lease)
    {
        var claim = new WorkClaim(MaxStart: 0, MaxReserve: max, StartLead: TimeSpan.FromDays(-1), Lookahead: TimeSpan.Zero, Lease: lease);
        return (await dispatch.ClaimWorkAsync(worker, queues, claim, CancellationToken.None)).Executions;
    }
}
