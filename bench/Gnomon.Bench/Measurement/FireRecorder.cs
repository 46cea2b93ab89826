namespace Gnomon.Bench.Measurement;

/// <summary>
/// Where a job's own code reports that it started: which job, the nominal instant it fires for, and the moment
/// its code began. Lock-free and allocation-light, since it runs on every fire of every system measured.
/// </summary>
internal sealed class FireRecorder(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly List<Fire> _fires = new(capacity: 1 << 16);

    public FireRecorder()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Records a start now; call it first thing in the job's code.</summary>
    public void Record(int job, DateTimeOffset nominal) => Record(job, nominal, timeProvider.GetUtcNow());

    /// <summary>
    /// The recorder's clock, for a job that has to ask its scheduler for the nominal instant (which may be a round
    /// trip to the store): read this first thing, then pass it to <see cref="Record(int, DateTimeOffset, DateTimeOffset)"/>.
    /// </summary>
    public DateTimeOffset Now() => timeProvider.GetUtcNow();

    /// <summary>Records a start taken earlier with <see cref="Now"/>.</summary>
    public void Record(int job, DateTimeOffset nominal, DateTimeOffset started)
    {
        lock (_lock)
        {
            _fires.Add(new Fire(job, nominal, started));
        }
    }

    /// <summary>Everything recorded so far.</summary>
    public IReadOnlyList<Fire> Snapshot()
    {
        lock (_lock)
        {
            return [.. _fires];
        }
    }
}
