using Gnomon.Store.Executions;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

/// <summary>Records ended attempts, those arriving together in one statement, retried through short outages.</summary>
/// <remarks>
/// Not cancellable by the worker's stop: losing a completion would run again work that already happened, so a
/// stopping worker still writes what finished. Shutdown ends the batching loop only after the runners are done.
/// </remarks>
internal sealed partial class CompletionWriter
{
    private readonly Batcher<CompletedAttempt, bool> _batcher;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public CompletionWriter(Func<IReadOnlyList<CompletedAttempt>, CancellationToken, Task<IReadOnlySet<Guid>>> complete, int maxBatch, TimeProvider timeProvider, ILogger logger)
    {
        _batcher = new Batcher<CompletedAttempt, bool>(async (batch, ct) =>
        {
            var accepted = await complete(batch, ct);
            return batch.Select(c => accepted.Contains(c.Id)).ToList();
        }, maxBatch);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Sends batches until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _batcher.RunAsync(cancellationToken);

    /// <summary>Records one ended attempt; false (and logged) when the worker no longer held the execution's lease.</summary>
    public async Task<bool> CompleteAsync(CompletedAttempt completion)
    {
        var accepted = await TransientRetry.RunAsync(() => _batcher.SubmitAsync(completion), _timeProvider, CancellationToken.None);
        if (!accepted)
        {
            LogLateCompletion(completion.Id, completion.Attempt);
        }

        return accepted;
    }
}
