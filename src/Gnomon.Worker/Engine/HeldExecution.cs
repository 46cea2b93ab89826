using Gnomon.Store.Executions;

namespace Gnomon.Worker.Engine;

/// <summary>An execution this worker holds, from its claim until its attempt is recorded or handed back.</summary>
internal sealed class HeldExecution(ClaimedExecution execution, long claimedAt, QueueBudget.BudgetSlot slot) : IDisposable
{
    private volatile bool _started;
    private long _leaseWrittenAt = claimedAt;

    public ClaimedExecution Execution { get; } = execution;

    /// <summary>When the claim answered, as a <see cref="TimeProvider"/> timestamp; <see cref="ClaimedExecution.DueIn"/> counts from it.</summary>
    public long ClaimedAt { get; } = claimedAt;

    /// <summary>Its share of the queue's budget.</summary>
    public QueueBudget.BudgetSlot Slot { get; } = slot;

    public RunningExecution Running { get; } = new(execution.Id, new CancellationTokenSource());

    /// <summary>Whether it is marked running in the database (its lease then matters to the heartbeat).</summary>
    public bool Started => _started;

    /// <summary>The attempt running, once <see cref="Started"/>.</summary>
    public int Attempt { get; private set; }

    public Task? Task { get; set; }

    /// <summary>When its lease was last written (by the claim, the start or a renewal), as a timestamp taken before the write was sent.</summary>
    public long LeaseWrittenAt => Interlocked.Read(ref _leaseWrittenAt);

    /// <summary>Records a lease write sent at <paramref name="sentAt"/> and answered; an older one never replaces a newer.</summary>
    public void LeaseWritten(long sentAt)
    {
        long seen;
        while (sentAt > (seen = Interlocked.Read(ref _leaseWrittenAt)) && Interlocked.CompareExchange(ref _leaseWrittenAt, sentAt, seen) != seen)
        {
        }
    }

    public void MarkStarted(int attempt)
    {
        Attempt = attempt;
        _started = true;
    }

    public void Dispose()
    {
        Slot.Dispose();
        Running.Dispose();
    }
}
