namespace Gnomon.Domain.Executions;

/// <summary>Why an execution exists.</summary>
public enum ExecutionTrigger : short
{
    /// <summary>A slot of the job's schedule.</summary>
    Schedule = 0,

    /// <summary>A manual trigger through the API.</summary>
    Manual = 1,
}
