using System.Diagnostics;
using System.Globalization;

namespace Gnomon.Bench.Systems;

/// <summary>
/// The drain half of a peer's throughput run: starts processing and polls the system's own store until it counts
/// every execution finished, or until a deadline, so a stalled system ends the run with what it did.
/// </summary>
/// <remarks>
/// The peers keep no finish time that survives the run (Quartz deletes a completed one-off job; Hangfire keeps
/// only a state row), so the end is the first poll that sees the last one done: the drain is overstated by at
/// most <see cref="PollInterval"/> plus one count query, under 2 % at the sizes the suite uses.
/// </remarks>
internal static class DrainMeasurement
{
    /// <summary>How often the store is asked; a count query each time, cheap beside the drain itself.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Times <paramref name="startProcessing"/> and then polls <paramref name="countFinished"/> until it reaches
    /// <paramref name="count"/>; the deadline is <paramref name="count"/> / 20 + 120 seconds, far beyond a peer's
    /// rate (a few hundred per second), so only a stall meets it.
    /// </summary>
    public static async Task<ThroughputRun> MeasureAsync(
        int count,
        double enqueueSeconds,
        Func<CancellationToken, Task> startProcessing,
        Func<CancellationToken, Task<int>> countFinished,
        CancellationToken cancellationToken)
    {
        var deadline = TimeSpan.FromSeconds((count / 20.0) + 120);
        var drain = Stopwatch.StartNew();
        await startProcessing(cancellationToken);
        while (true)
        {
            var finished = await countFinished(cancellationToken);
            if (finished >= count)
            {
                return new ThroughputRun(count, finished, enqueueSeconds, drain.Elapsed.TotalSeconds);
            }

            if (drain.Elapsed > deadline)
            {
                return new ThroughputRun(count, finished, enqueueSeconds, drain.Elapsed.TotalSeconds,
                    string.Create(CultureInfo.InvariantCulture, $"stopped at the {deadline.TotalSeconds:0} s deadline with {finished} of {count} finished"));
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
