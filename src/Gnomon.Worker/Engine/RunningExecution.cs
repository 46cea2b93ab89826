namespace Gnomon.Worker.Engine;

/// <summary>An execution this worker is running, with the means to stop it and the reason it was stopped.</summary>
/// <remarks>
/// The work can end, and dispose this, while a heartbeat that saw its lease gone or a cancel request is stopping
/// it: cancelling what has already ended does nothing.
/// </remarks>
internal sealed class RunningExecution(Guid id, CancellationTokenSource cancellation) : IDisposable
{
    private readonly Lock _gate = new();
    private int _reason;
    private bool _disposed;

    public Guid Id { get; } = id;

    public CancellationToken Token => cancellation.Token;

    public CancelReason Reason => (CancelReason)Volatile.Read(ref _reason);

    /// <summary>Stops the work; the first reason given wins. After <see cref="Dispose"/>, a no-op.</summary>
    public void Cancel(CancelReason reason)
    {
        lock (_gate)
        {
            if (_disposed || Interlocked.CompareExchange(ref _reason, (int)reason, (int)CancelReason.None) != (int)CancelReason.None)
            {
                return;
            }

            cancellation.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                cancellation.Dispose();
            }
        }
    }
}
