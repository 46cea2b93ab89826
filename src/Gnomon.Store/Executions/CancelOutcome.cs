namespace Gnomon.Store.Executions;

/// <summary>How a cancel request ended.</summary>
public enum CancelOutcome
{
    NotFound,
    AlreadyFinished,

    /// <summary>It had not started: it is cancelled now.</summary>
    Cancelled,

    /// <summary>It is running: its worker was told to stop it.</summary>
    StopRequested,
}
