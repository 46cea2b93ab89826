using System.Diagnostics;

namespace Gnomon.Bench.Measurement;

/// <summary>Times one kind of call many times in a row, for its latency percentiles.</summary>
internal static class LatencySampler
{
    /// <summary>
    /// Makes <paramref name="count"/> calls one after another (the call is given its sample number) and returns
    /// their durations in milliseconds, sorted, ready for <see cref="Percentiles.Of"/>.
    /// </summary>
    public static async Task<IReadOnlyList<double>> SortedMillisecondsAsync(int count, Func<int, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }
}
