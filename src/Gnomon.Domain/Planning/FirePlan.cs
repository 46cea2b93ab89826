namespace Gnomon.Domain.Planning;

/// <summary>The slots to write for one job in one planning pass, and the first slot left for a later pass.</summary>
public sealed record FirePlan(IReadOnlyList<PlannedFire> Fires, DateTimeOffset? NextFire)
{
    /// <summary>Why the job cannot be planned as it is stored (its schedule no longer compiles, say); null when it can.</summary>
    public string? SetAsideReason { get; init; }

    /// <summary>Skipped rows among <see cref="Fires"/> for slots missed while a scheduler was watching the job's partition (the system was overloaded).</summary>
    public int OverloadedSkips { get; init; }

    /// <summary>Skipped rows among <see cref="Fires"/> for slots missed while no scheduler held the job's partition.</summary>
    public int NoSchedulerSkips { get; init; }

    /// <summary>A plan that writes nothing and stops the job firing, recording <paramref name="reason"/> instead.</summary>
    public static FirePlan SetAside(string reason) => new([], null) { SetAsideReason = reason };
}
