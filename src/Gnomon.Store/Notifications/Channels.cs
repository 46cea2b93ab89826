namespace Gnomon.Store.Notifications;

/// <summary>The LISTEN/NOTIFY channels nodes meet on.</summary>
public static class Channels
{
    /// <summary>New or re-queued executions are waiting; payload: the queue name.</summary>
    public const string Executions = "gnomon_executions";

    /// <summary>Jobs were created, changed or deleted; payload: their ids separated by commas (one for a single write).</summary>
    public const string Jobs = "gnomon_jobs";

    /// <summary>
    /// The most job ids one <see cref="Jobs"/> notification carries: 200 ids of 36 characters and their commas stay
    /// below PostgreSQL's 8,000-byte payload limit, so a batch of 1,000 jobs sends five notifications, not 1,000.
    /// </summary>
    public const int MaxJobIdsPerNotification = 200;

    /// <summary>A running execution must stop; payload: the execution id.</summary>
    public const string Cancel = "gnomon_cancel";
}
