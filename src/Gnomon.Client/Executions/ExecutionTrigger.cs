namespace Gnomon.Client.Executions;

/// <summary>What made an execution.</summary>
public enum ExecutionTrigger
{
    /// <summary>The job's schedule.</summary>
    Schedule,

    /// <summary>A trigger call.</summary>
    Manual,
}
