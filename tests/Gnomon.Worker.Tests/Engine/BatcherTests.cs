using System.Collections.Concurrent;
using Gnomon.Worker.Engine;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>
/// The batcher on its own, with a send the test controls: requests queued before the loop runs, or while a send is in
/// flight, are what "arriving together" means, so no test depends on how fast the machine is.
/// </summary>
public sealed class BatcherTests : IDisposable
{
    // A guard against a hang, not a wait: every awaited task here is completed by the test itself.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<int[]> _sent = new();

    [Fact]
    public async Task SubmitAsync_LoneRequest_IsSentAtOnceAndGetsItsResult()
    {
        var batcher = new Batcher<int, string>(SendAsync, maxBatch: 10);
        var loop = batcher.RunAsync(_stop.Token);

        var result = await batcher.SubmitAsync(7).WaitAsync(Guard);

        Assert.Equal("r7", result);
        Assert.Equal([[7]], _sent);
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_RequestsQueuedTogether_ShareOneSendAndEachGetsItsOwnResult()
    {
        var batcher = new Batcher<int, string>(SendAsync, maxBatch: 10);
        var results = Enumerable.Range(1, 4).Select(batcher.SubmitAsync).ToList();

        var loop = batcher.RunAsync(_stop.Token);

        Assert.Equal(["r1", "r2", "r3", "r4"], await Task.WhenAll(results).WaitAsync(Guard));
        Assert.Equal([[1, 2, 3, 4]], _sent);
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_MoreQueuedThanMaxBatch_SendsBatchesOfAtMostMaxInOrder()
    {
        var batcher = new Batcher<int, string>(SendAsync, maxBatch: 3);
        var results = Enumerable.Range(1, 7).Select(batcher.SubmitAsync).ToList();

        var loop = batcher.RunAsync(_stop.Token);

        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"r{i}"), await Task.WhenAll(results).WaitAsync(Guard));
        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], _sent);
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_RequestsArrivingDuringASend_GoTogetherInTheNextSend()
    {
        var gate = new Gate();
        var batcher = GatedBatcher(gate, maxBatch: 10);
        var loop = batcher.RunAsync(_stop.Token);
        var first = batcher.SubmitAsync(1);
        await gate.Entered.WaitAsync(Guard);

        var later = new[] { batcher.SubmitAsync(2), batcher.SubmitAsync(3), batcher.SubmitAsync(4) };
        gate.Open();

        Assert.Equal("r1", await first.WaitAsync(Guard));
        Assert.Equal(["r2", "r3", "r4"], await Task.WhenAll(later).WaitAsync(Guard));
        Assert.Equal([[1], [2, 3, 4]], _sent);
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_SendFails_FailsEachRequestOfThatBatchAndGoesOn()
    {
        var failure = new InvalidOperationException("database unavailable");
        var batcher = new Batcher<int, string>(
            (items, ct) => items.Contains(0) ? Task.FromException<IReadOnlyList<string>>(failure) : SendAsync(items, ct), maxBatch: 2);
        var doomed = new[] { batcher.SubmitAsync(0), batcher.SubmitAsync(1) };
        var next = batcher.SubmitAsync(2);

        var loop = batcher.RunAsync(_stop.Token);

        foreach (var request in doomed)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => request.WaitAsync(Guard)));
        }

        Assert.Equal("r2", await next.WaitAsync(Guard));
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_SendCanceledWhileNotStopping_FailsThatBatchAndGoesOn()
    {
        // A command timeout surfaces as a cancellation too; it must not be mistaken for the worker stopping.
        var batcher = new Batcher<int, string>(
            (items, ct) => items.Contains(0) ? Task.FromCanceled<IReadOnlyList<string>>(new CancellationToken(true)) : SendAsync(items, ct), maxBatch: 1);
        var timedOut = batcher.SubmitAsync(0);
        var next = batcher.SubmitAsync(1);

        var loop = batcher.RunAsync(_stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timedOut.WaitAsync(Guard));
        Assert.Equal("r1", await next.WaitAsync(Guard));
        Assert.False(loop.IsCompleted);
        await StopAsync(loop);
    }

    [Fact]
    public async Task RunAsync_StoppedDuringASend_CancelsThatBatchAndEveryQueuedRequest()
    {
        var gate = new Gate();
        var batcher = GatedBatcher(gate, maxBatch: 1);
        var loop = batcher.RunAsync(_stop.Token);
        var inFlight = batcher.SubmitAsync(1);
        await gate.Entered.WaitAsync(Guard);
        var queued = new[] { batcher.SubmitAsync(2), batcher.SubmitAsync(3) };

        await _stop.CancelAsync();
        await loop.WaitAsync(Guard);

        foreach (var request in queued.Prepend(inFlight))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Guard));
            Assert.True(request.IsCanceled);
        }

        Assert.Empty(_sent);
    }

    [Fact]
    public async Task RunAsync_StartedAlreadyStopped_CancelsWhatWasQueuedWithoutSending()
    {
        var batcher = new Batcher<int, string>(SendAsync, maxBatch: 10);
        var queued = batcher.SubmitAsync(1);
        await _stop.CancelAsync();

        await batcher.RunAsync(_stop.Token).WaitAsync(Guard);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Guard));
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task SubmitAsync_AfterStop_FailsAtOnceSayingTheWorkerIsStopping()
    {
        var batcher = new Batcher<int, string>(SendAsync, maxBatch: 10);
        var loop = batcher.RunAsync(_stop.Token);
        await StopAsync(loop);

        var late = batcher.SubmitAsync(1);

        Assert.True(late.IsFaulted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => late);
        Assert.Equal("The worker is stopping.", error.Message);
        Assert.Empty(_sent);
    }

    public void Dispose() => _stop.Dispose();

    private Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<int> items, CancellationToken cancellationToken)
    {
        _sent.Enqueue([.. items]);
        return Task.FromResult<IReadOnlyList<string>>([.. items.Select(i => $"r{i}")]);
    }

    /// <summary>A batcher whose every send waits at <paramref name="gate"/> first.</summary>
    private Batcher<int, string> GatedBatcher(Gate gate, int maxBatch) => new(async (items, ct) =>
    {
        await gate.PassAsync(ct);
        return await SendAsync(items, ct);
    }, maxBatch);

    private async Task StopAsync(Task loop)
    {
        await _stop.CancelAsync();
        await loop.WaitAsync(Guard);
    }

    /// <summary>Holds a send until the test opens it, and says when a send has reached it.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task PassAsync(CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            return _open.Task.WaitAsync(cancellationToken);
        }

        public void Open() => _open.TrySetResult();
    }
}
