namespace Gnomon.Worker.Engine;

/// <summary>An execution this worker is running, with the means to stop it and the reason it was stopped.</summary>
internal sealed class RunningExecution(Guid id, CancellationTokenSource cancellation) : IDisposable
{
    private int _reason;

    public Guid Id { get; } = id;

    public CancellationToken Token => cancellation.Token;

    public CancelReason Reason => (CancelReason)Volatile.Read(ref _reason);

    /// <summary>Stops the work; the first reason given wins.</summary>
    public void Cancel(CancelReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)CancelReason.None) == (int)CancelReason.None)
        {
            cancellation.Cancel();
        }
    }

    public void Dispose() => cancellation.Dispose();
}
