namespace Gnomon.Store.Notifications;

/// <summary>The LISTEN/NOTIFY channels nodes meet on.</summary>
public static class Channels
{
    /// <summary>New or re-queued executions are waiting; payload: the queue name.</summary>
    public const string Executions = "gnomon_executions";

    /// <summary>A job was created, changed or deleted; payload: the job id.</summary>
    public const string Jobs = "gnomon_jobs";

    /// <summary>A running execution must stop; payload: the execution id.</summary>
    public const string Cancel = "gnomon_cancel";
}
