namespace Gnomon.Worker.Engine;

/// <summary>The budgets of one queue on this worker: held-ahead slots (its prefetch), running slots (its concurrency) and recording slots (as many as both).</summary>
/// <remarks>
/// Every execution the worker holds holds one <see cref="BudgetSlot"/>, and that slot is the only place a budget slot is
/// taken or given back. An execution moves ahead → running → recording, and takes the next slot before it gives back
/// the one it has, so the executions a worker holds — and must start, renew and record — never exceed twice its prefetch
/// and concurrency together, however far behind the queue or slow the database is. The recording slots let the next execution
/// start while the last one's attempt is written, without letting finished work pile up unwritten. There are as many as
/// the queue may hold ahead and run, because every execution due on one instant finishes at about the same time: with
/// only as many as the concurrency, a thousand no-op executions due together ran in waves of a hundred, each wave
/// waiting for the last one's completion write (fire lag p99 62 → 166 ms at K = 1,000).
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used, and slots may come back from runners that outlive the worker's stop.")]
internal sealed class QueueBudget
{
    private readonly SemaphoreSlim _running;
    private readonly SemaphoreSlim _ahead;
    private readonly SemaphoreSlim _recording;

    public QueueBudget(int concurrency, int prefetch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        Concurrency = concurrency;
        Prefetch = prefetch;
        _running = new SemaphoreSlim(concurrency, concurrency);
        _ahead = new SemaphoreSlim(prefetch, Math.Max(prefetch, 1));
        _recording = new SemaphoreSlim(concurrency + prefetch, concurrency + prefetch);
    }

    public int Concurrency { get; }

    public int Prefetch { get; }

    /// <summary>Running slots free now: how many due executions a claim may take.</summary>
    public int FreeRunning => _running.CurrentCount;

    /// <summary>Held-ahead slots free now: how many executions due later a claim may reserve.</summary>
    public int FreeAhead => _ahead.CurrentCount;

    /// <summary>Recording slots free now: how many more finished attempts may wait for their record to be written.</summary>
    public int FreeRecording => _recording.CurrentCount;

    /// <summary>Takes the slot a just-claimed execution needs: a running one when it was claimed due, else a held-ahead one.</summary>
    public async Task<BudgetSlot> TakeAsync(bool due, CancellationToken cancellationToken)
    {
        var slot = new BudgetSlot(this);
        if (due)
        {
            await slot.TakeRunningAsync(cancellationToken);
        }
        else
        {
            await _ahead.WaitAsync(cancellationToken);
            slot.State = BudgetSlot.Holding.Ahead;
        }

        return slot;
    }

    /// <summary>One execution's share of a <see cref="QueueBudget"/>; disposing it gives back whatever it holds.</summary>
    /// <remarks>Used by one execution's runner at a time, so its state needs no lock.</remarks>
    internal sealed class BudgetSlot(QueueBudget budget) : IDisposable
    {
        internal enum Holding
        {
            Nothing,
            Ahead,
            Running,
            Recording,
        }

        internal Holding State { get; set; }

        public bool IsRunning => State == Holding.Running;

        /// <summary>Waits for a running slot, then gives back the held-ahead one (in that order, so the two budgets never both show it free).</summary>
        public async Task TakeRunningAsync(CancellationToken cancellationToken)
        {
            if (State == Holding.Running)
            {
                return;
            }

            await budget._running.WaitAsync(cancellationToken);
            if (State == Holding.Ahead)
            {
                budget._ahead.Release();
            }

            State = Holding.Running;
        }

        /// <summary>
        /// The work is over: waits for a recording slot, then gives back the running one, so the next execution starts
        /// while this one's attempt is written — unless that many records already wait, which holds the running slot.
        /// </summary>
        public async Task StartRecordingAsync(CancellationToken cancellationToken)
        {
            if (State != Holding.Running)
            {
                return;
            }

            await budget._recording.WaitAsync(cancellationToken);
            budget._running.Release();
            State = Holding.Recording;
        }

        public void Dispose()
        {
            switch (State)
            {
                case Holding.Running:
                    budget._running.Release();
                    break;
                case Holding.Ahead:
                    budget._ahead.Release();
                    break;
                case Holding.Recording:
                    budget._recording.Release();
                    break;
            }

            State = Holding.Nothing;
        }
    }
}
