namespace Gnomon.Store.Timing;

/// <summary>A loop's alarm clock: sleeps until a deadline on the injected clock or until someone signals it.</summary>
/// <remarks>Signals are remembered, so one that arrives while the loop is busy wakes the next wait at once.</remarks>
public sealed class Wakeup(TimeProvider timeProvider)
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>Wakes the current or next wait.</summary>
    public void Signal() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Waits for <paramref name="delay"/> or a signal, whichever comes first; infinite delay waits for a signal only.</summary>
    public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted && (delay > TimeSpan.Zero || delay == Timeout.InfiniteTimeSpan))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timerTask = delay == Timeout.InfiniteTimeSpan
                ? Task.Delay(Timeout.Infinite, timeout.Token)
                : Task.Delay(delay, timeProvider, timeout.Token);
            await Task.WhenAny(signal.Task, timerTask);
            await timeout.CancelAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (signal.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
