namespace Gnomon.Worker.Engine;

/// <summary>Why a running execution's token fired; decides the recorded outcome.</summary>
internal enum CancelReason
{
    None = 0,
    Timeout,
    Requested,
    LeaseLost,
    Shutdown,
}
