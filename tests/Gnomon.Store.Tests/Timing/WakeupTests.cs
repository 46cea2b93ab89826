using Gnomon.Store.Timing;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Store.Tests.Timing;

/// <summary>The clock is fake: a wait ends only when the test signals or moves the clock.</summary>
public sealed class WakeupTests : IDisposable
{
    // A guard against a hang, not a wait: the continuation after a signal or a timer may run on another thread.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Wakeup _wakeup;

    public WakeupTests() => _wakeup = new Wakeup(_clock);

    [Fact]
    public void WaitAsync_SignalledBeforeTheWait_ReturnsAtOnce()
    {
        _wakeup.Signal();

        var wait = _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_NoSignal_EndsWhenTheClockReachesTheDelay()
    {
        var wait = _wakeup.WaitAsync(TimeSpan.FromSeconds(10), _cancellation.Token);

        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.False(wait.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(Guard);
    }

    [Fact]
    public async Task WaitAsync_InfiniteDelay_IgnoresTheClockAndWakesOnASignal()
    {
        var wait = _wakeup.WaitAsync(Timeout.InfiniteTimeSpan, _cancellation.Token);

        _clock.Advance(TimeSpan.FromDays(365));
        Assert.False(wait.IsCompleted);

        _wakeup.Signal();
        await wait.WaitAsync(Guard);
    }

    [Fact]
    public async Task WaitAsync_SeveralSignalsBeforeTheWait_WakeOnlyOneWait()
    {
        _wakeup.Signal();
        _wakeup.Signal();
        _wakeup.Signal();

        await _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token);
        var second = _wakeup.WaitAsync(TimeSpan.FromSeconds(5), _cancellation.Token);

        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await second.WaitAsync(Guard);
    }

    [Fact]
    public async Task WaitAsync_SignalWhileWaiting_WakesThatWaitAndNotTheNext()
    {
        var first = _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token);
        Assert.False(first.IsCompleted);

        _wakeup.Signal();
        await first.WaitAsync(Guard);

        var second = _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token);
        Assert.False(second.IsCompleted);

        _wakeup.Signal();
        await second.WaitAsync(Guard);
    }

    [Fact]
    public async Task WaitAsync_SignalWhileBusyAfterATimeout_WakesTheNextWaitAtOnce()
    {
        var timedOut = _wakeup.WaitAsync(TimeSpan.FromSeconds(1), _cancellation.Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await timedOut.WaitAsync(Guard);

        // The loop is busy with its pass; the signal is kept for when it waits again.
        _wakeup.Signal();

        Assert.True(_wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token).IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_ZeroDelay_ReturnsAtOnceAndTakesAPendingSignal()
    {
        Assert.True(_wakeup.WaitAsync(TimeSpan.Zero, _cancellation.Token).IsCompletedSuccessfully);

        _wakeup.Signal();
        Assert.True(_wakeup.WaitAsync(TimeSpan.Zero, _cancellation.Token).IsCompletedSuccessfully);

        Assert.False(_wakeup.WaitAsync(TimeSpan.FromSeconds(1), _cancellation.Token).IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_CanceledWhileWaiting_Throws()
    {
        var wait = _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token);

        await _cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Guard));
    }

    [Fact]
    public async Task WaitAsync_CanceledWithASignalPending_ThrowsAndKeepsTheSignal()
    {
        _wakeup.Signal();
        await _cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _wakeup.WaitAsync(TimeSpan.FromHours(1), _cancellation.Token));

        Assert.True(_wakeup.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None).IsCompletedSuccessfully);
    }

    public void Dispose() => _cancellation.Dispose();
}
