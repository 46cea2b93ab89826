using Gnomon.Bench.Measurement;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>Turns the counts of a window's executions by status and reason into succeeded slots and the kinds of the rest.</summary>
internal static class SlotTally
{
    public const string Succeeded = "succeeded";

    /// <summary>
    /// Sums the rows whose status is <see cref="Succeeded"/>; groups every other row by status and
    /// <see cref="ShedReason.Kind"/>, largest first.
    /// </summary>
    public static (long Succeeded, IReadOnlyList<SlotOutcome> NotRun) Summarise(IEnumerable<(string Status, string? Reason, long Count)> rows)
    {
        long succeeded = 0;
        var rest = new Dictionary<(string Status, string? Reason), long>();
        foreach (var (status, reason, count) in rows)
        {
            if (status == Succeeded)
            {
                succeeded += count;
                continue;
            }

            var key = (status, ShedReason.Kind(reason));
            rest[key] = rest.GetValueOrDefault(key) + count;
        }

        return (succeeded, [.. rest.Select(r => new SlotOutcome(r.Key.Status, r.Key.Reason, r.Value))
            .OrderByDescending(o => o.Count).ThenBy(o => o.Label, StringComparer.Ordinal)]);
    }
}
