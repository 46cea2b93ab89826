namespace Gnomon.EmbeddedPostgres;

/// <summary>What occupies the process id named by a <c>postmaster.pid</c> file.</summary>
internal enum ProcessState
{
    /// <summary>No process has that id: the lock file is stale and PostgreSQL removes it on start.</summary>
    Dead,

    /// <summary>A live <c>postgres</c> process.</summary>
    LivePostgres,

    /// <summary>The id is taken by something else (another program, or a zombie): PostgreSQL would refuse to start.</summary>
    Other,
}
