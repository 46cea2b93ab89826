namespace Gnomon.Client.Executions;

/// <summary>The state of an execution or an attempt.</summary>
public enum ExecutionStatus
{
    /// <summary>Written and waiting for its instant or a worker; with a <c>WorkerId</c> it is reserved by that worker.</summary>
    Pending,

    /// <summary>Its work is running.</summary>
    Running,

    /// <summary>Finished with success.</summary>
    Succeeded,

    /// <summary>Finished with failure, no attempts left.</summary>
    Failed,

    /// <summary>The last attempt ran past its timeout.</summary>
    TimedOut,

    /// <summary>Cancelled before or while running.</summary>
    Cancelled,

    /// <summary>Never run; <c>Reason</c> says why.</summary>
    Skipped,
}
