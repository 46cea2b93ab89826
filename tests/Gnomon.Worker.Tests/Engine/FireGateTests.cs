using Gnomon.Worker.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Engine;

public sealed class FireGateTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FireGate _gate;

    public FireGateTests() => _gate = new FireGate(_clock);

    [Fact]
    public void WaitAsync_InstantPassed_CompletesAtOnce()
    {
        Assert.True(_gate.WaitAsync(_clock.GetUtcNow(), CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(_gate.WaitAsync(_clock.GetUtcNow().AddSeconds(-1), CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_BeforeInstant_CompletesWhenTheClockReachesIt()
    {
        var instant = _clock.GetUtcNow().AddSeconds(1);
        var wait = _gate.WaitAsync(instant, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.False(wait.IsCompleted);

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void WaitAsync_ManyDueTogether_LetsThemThroughInOrderOnTheTimersThread()
    {
        var instant = _clock.GetUtcNow().AddSeconds(1);
        var order = new List<(int Index, int Thread)>();
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            _gate.WaitAsync(instant, CancellationToken.None)
                .ContinueWith(_ => order.Add((index, Environment.CurrentManagedThreadId)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));

        // The fake clock fires its timers on the thread that advances it: all three ran there, in the order they came.
        Assert.Equal([(0, Environment.CurrentManagedThreadId), (1, Environment.CurrentManagedThreadId), (2, Environment.CurrentManagedThreadId)], order);
    }

    [Fact]
    public void WaitAsync_EarlierInstantAddedLater_IsLetThroughFirst()
    {
        var later = _gate.WaitAsync(_clock.GetUtcNow().AddSeconds(2), CancellationToken.None);
        var sooner = _gate.WaitAsync(_clock.GetUtcNow().AddSeconds(1), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sooner.IsCompletedSuccessfully);
        Assert.False(later.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(later.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_CancelsThatWaitOnly()
    {
        var instant = _clock.GetUtcNow().AddSeconds(1);
        using var cancellation = new CancellationTokenSource();
        var cancelled = _gate.WaitAsync(instant, cancellation.Token);
        var other = _gate.WaitAsync(instant, CancellationToken.None);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(other.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(other.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_TokenAlreadyCancelled_IsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _gate.WaitAsync(_clock.GetUtcNow().AddSeconds(1), cancellation.Token));
    }

    public void Dispose() => _gate.Dispose();
}
