namespace Gnomon.Worker.Engine;

/// <summary>
/// Lets held executions begin on their instant by this machine's clock: every execution due on one instant is let
/// through by one timer, one after another on that timer's thread.
/// </summary>
/// <remarks>
/// With a timer per execution, each woke on its own and was queued to the thread pool behind the calls already made,
/// their answers and the database's replies, so of a hundred HTTP jobs due on one second the last began its call
/// 15–40 ms after the instant (a plain loop sending the same hundred calls takes 2–3 ms). Let through in one loop, each
/// execution runs on the gate's thread up to its first wait — for an HTTP call, the request written to its connection —
/// and only then does the next begin. A handler's own code is started on the thread pool by its executor, so a handler
/// that blocks holds up no other.
/// </remarks>
internal sealed class FireGate : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, List<Waiter>> _waiting = [];
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    public FireGate(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _timer = timeProvider.CreateTimer(static state => ((FireGate)state!).Release(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes when this machine's clock reaches <paramref name="instant"/> (at once if it has).</summary>
    /// <remarks>Its continuation runs on the gate's thread, with the others due on the same instant after it: keep it short up to its first wait.</remarks>
    public Task WaitAsync(DateTimeOffset instant, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var ticks = instant.UtcTicks;
        if (ticks <= _timeProvider.GetUtcNow().UtcTicks)
        {
            return Task.CompletedTask;
        }

        var waiter = new Waiter(this, ticks);
        lock (_lock)
        {
            if (!_waiting.TryGetValue(ticks, out var group))
            {
                _waiting[ticks] = group = [];
            }

            group.Add(waiter);
            ArmLocked();
        }

        waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        return waiter.Task;
    }

    public void Dispose() => _timer.Dispose();

    private void Release()
    {
        List<Waiter>? due = null;
        lock (_lock)
        {
            _armedFor = long.MaxValue;
            var now = _timeProvider.GetUtcNow().UtcTicks;
            while (_waiting.Count > 0)
            {
                var (ticks, group) = _waiting.First();
                if (ticks > now)
                {
                    break;
                }

                (due ??= []).AddRange(group);
                _waiting.Remove(ticks);
            }

            // A timer may wake a little before the wall clock reaches its instant: it is armed again for the rest.
            ArmLocked();
        }

        foreach (var waiter in due ?? [])
        {
            waiter.Registration.Unregister();
            waiter.TrySetResult();
        }
    }

    private void ArmLocked()
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        var first = _waiting.Keys.First();
        if (first < _armedFor)
        {
            _armedFor = first;
            var wait = TimeSpan.FromTicks(Math.Max(1, first - _timeProvider.GetUtcNow().UtcTicks));
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private void Remove(Waiter waiter)
    {
        lock (_lock)
        {
            if (_waiting.TryGetValue(waiter.Ticks, out var group) && group.Remove(waiter) && group.Count == 0)
            {
                _waiting.Remove(waiter.Ticks);
            }
        }
    }

    /// <summary>One execution waiting; its continuation runs where it is let through (no <c>RunContinuationsAsynchronously</c>, on purpose).</summary>
    private sealed class Waiter(FireGate gate, long ticks) : TaskCompletionSource
    {
        public long Ticks { get; } = ticks;

        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel(CancellationToken token)
        {
            gate.Remove(this);
            TrySetCanceled(token);
        }
    }
}
