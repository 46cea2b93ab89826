namespace Gnomon.Worker.Engine;

/// <summary>The two budgets of one queue on this worker: running slots (its concurrency) and held-ahead slots (its prefetch).</summary>
/// <remarks>
/// Every execution the worker holds holds one <see cref="BudgetSlot"/>, and that slot is the only place a running or
/// held-ahead slot is taken or given back. An execution held ahead keeps its held-ahead slot until it has a running
/// one, so the executions a worker holds — and must start and renew — never exceed concurrency plus prefetch, however
/// far behind the queue is.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its AvailableWaitHandle was used, and slots may come back from runners that outlive the worker's stop.")]
internal sealed class QueueBudget
{
    private readonly SemaphoreSlim _running;
    private readonly SemaphoreSlim _ahead;

    public QueueBudget(int concurrency, int prefetch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        Concurrency = concurrency;
        Prefetch = prefetch;
        _running = new SemaphoreSlim(concurrency, concurrency);
        _ahead = new SemaphoreSlim(prefetch, Math.Max(prefetch, 1));
    }

    public int Concurrency { get; }

    public int Prefetch { get; }

    /// <summary>Running slots free now: how many due executions a claim may take.</summary>
    public int FreeRunning => _running.CurrentCount;

    /// <summary>Held-ahead slots free now: how many executions due later a claim may reserve.</summary>
    public int FreeAhead => _ahead.CurrentCount;

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
            }

            State = Holding.Nothing;
        }
    }
}
