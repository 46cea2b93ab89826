using System.Threading.Channels;

namespace Gnomon.Worker.Engine;

/// <summary>Collects requests arriving together and sends them to the database as one statement.</summary>
/// <remarks>
/// No timer delays a request: the loop takes whatever is queued the moment the previous round trip ends,
/// so a lone request goes out at once and a burst (a hundred jobs due on the same second) shares one trip.
/// </remarks>
internal sealed class Batcher<TIn, TOut>
{
    private readonly Channel<(TIn Item, TaskCompletionSource<TOut> Result)> _channel =
        Channel.CreateUnbounded<(TIn, TaskCompletionSource<TOut>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> _send;
    private readonly int _maxBatch;

    public Batcher(Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> send, int maxBatch)
    {
        _send = send;
        _maxBatch = maxBatch;
    }

    /// <summary>Queues one request and waits for its own result.</summary>
    public Task<TOut> SubmitAsync(TIn item)
    {
        var result = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite((item, result)))
        {
            result.SetException(new InvalidOperationException("The worker is stopping."));
        }

        return result.Task;
    }

    /// <summary>Sends batches until <paramref name="cancellationToken"/> fires; a failed batch fails each of its requests.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<(TIn Item, TaskCompletionSource<TOut> Result)>(_maxBatch);
        try
        {
            while (await _channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (batch.Count < _maxBatch && _channel.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                try
                {
                    var results = await _send(batch.Select(b => b.Item).ToList(), cancellationToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Result.TrySetResult(results[i]);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    foreach (var entry in batch)
                    {
                        entry.Result.TrySetException(ex);
                    }
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _channel.Writer.TryComplete();
            foreach (var entry in batch)
            {
                entry.Result.TrySetCanceled(cancellationToken);
            }

            while (_channel.Reader.TryRead(out var entry))
            {
                entry.Result.TrySetCanceled(cancellationToken);
            }
        }
    }
}
