namespace Gnomon.Domain.Jobs;

/// <summary>What happens when a slot fires while an earlier execution of the same job is still running.</summary>
public enum ConcurrencyPolicy
{
    /// <summary>Run them side by side.</summary>
    Allow = 0,

    /// <summary>Skip the new slot, recording why.</summary>
    Forbid = 1,

    /// <summary>Cancel the running execution and start the new one.</summary>
    Replace = 2,
}
