namespace Gnomon.Client.Jobs;

/// <summary>What a slot does while another execution of the same job runs.</summary>
public enum ConcurrencyPolicy
{
    /// <summary>Runs beside it.</summary>
    Allow,

    /// <summary>Is skipped, with the reason <c>concurrencyPolicy: forbid</c>.</summary>
    Forbid,

    /// <summary>Cancels the running one and runs.</summary>
    Replace,
}
