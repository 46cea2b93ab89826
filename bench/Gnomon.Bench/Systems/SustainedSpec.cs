using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems;

/// <summary>
/// Up to <see cref="Jobs"/> jobs on cron <c>* * * * * *</c> with a job that does nothing, created until
/// <see cref="CreateBudget"/> is spent; their slots are counted over <see cref="WindowSeconds"/> after a warm-up, and
/// read <see cref="GraceSeconds"/> after the window so the last slots' runs can finish.
/// </summary>
internal sealed record SustainedSpec(int Jobs, TimeSpan CreateBudget, int WarmupSeconds, int WindowSeconds, int GraceSeconds)
{
    /// <summary>The whole-second window [from, to) that starts a warm-up after <paramref name="creationEnded"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) WindowAfter(DateTimeOffset creationEnded)
    {
        var from = WholeSeconds.After(creationEnded + TimeSpan.FromSeconds(WarmupSeconds));
        return (from, from.AddSeconds(WindowSeconds));
    }

    /// <summary>When the window's slots are read: the end of the window plus the grace.</summary>
    public DateTimeOffset ReadAt(DateTimeOffset windowEnd) => windowEnd.AddSeconds(GraceSeconds);
}
