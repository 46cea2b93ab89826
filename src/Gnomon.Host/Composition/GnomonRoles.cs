namespace Gnomon.Host.Composition;

/// <summary>The roles one <c>gnomon</c> process runs.</summary>
[Flags]
public enum GnomonRoles
{
    None = 0,

    /// <summary>The REST API, health and metrics.</summary>
    Api = 1,

    /// <summary>Scheduling, lease reaping and retention.</summary>
    Scheduler = 2,

    /// <summary>Claiming and running executions.</summary>
    Worker = 4,

    Master = Api | Scheduler,
    All = Api | Scheduler | Worker,
}
