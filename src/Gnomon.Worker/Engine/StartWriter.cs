using Gnomon.Store.Executions;

namespace Gnomon.Worker.Engine;

/// <summary>Marks held executions running, those arriving together in one statement, retried through short outages.</summary>
/// <remarks>Given up, a start would leave the execution to its lease and the reaper, long after its instant.</remarks>
internal sealed class StartWriter(Func<IReadOnlyList<ClaimedExecution>, CancellationToken, Task<IReadOnlyList<StartedExecution>>> start, int maxBatch, TimeProvider timeProvider)
{
    private readonly Batcher<ClaimedExecution, StartedExecution> _batcher = new(start, maxBatch);

    /// <summary>Sends batches until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _batcher.RunAsync(cancellationToken);

    public Task<StartedExecution> StartAsync(ClaimedExecution execution, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(() => _batcher.SubmitAsync(execution), timeProvider, cancellationToken);
}
