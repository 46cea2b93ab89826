using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems;

/// <summary>What one sustained run measured: the jobs it got created, and what became of their slots in the window.</summary>
/// <param name="Requested">Jobs the spec asked for (K).</param>
/// <param name="Created">Jobs created within the budget; only their slots are expected of the system.</param>
/// <param name="CreateSeconds">Time to create them.</param>
/// <param name="WindowSeconds">Length of the counted window.</param>
/// <param name="Slots">The window's slots as counted after it.</param>
/// <param name="PeakRssMiB">Peak resident memory of the process running the system (and the harness), taken before the slots were read.</param>
/// <param name="Note">How the slots were counted for this system, and where creation stopped.</param>
internal sealed record SustainedRun(int Requested, int Created, double CreateSeconds, int WindowSeconds, WindowTally Slots, double PeakRssMiB, string Note)
{
    /// <summary>Every slot of every job created: created × window seconds.</summary>
    public long Expected => (long)Created * WindowSeconds;

    /// <summary>Every slot of the K jobs asked for, whether or not the system got them all created.</summary>
    public long ExpectedOfRequested => (long)Requested * WindowSeconds;

    /// <summary>Expected slots with neither a success nor any record of their own: not run, and nothing says so.</summary>
    public long Unrecorded => Expected - Slots.Succeeded - Slots.NotRun.Sum(o => o.Count);

    public double SucceededPerSecond => (double)Slots.Succeeded / WindowSeconds;
}
