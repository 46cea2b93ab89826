namespace Gnomon.Client.Jobs;

/// <summary>What happens to slots that fell due while the system could not run them.</summary>
public enum MisfirePolicy
{
    /// <summary>The newest missed slot runs; the others are skipped.</summary>
    RunOnce,

    /// <summary>Every missed slot is skipped.</summary>
    Skip,

    /// <summary>Every missed slot runs.</summary>
    RunAll,
}
