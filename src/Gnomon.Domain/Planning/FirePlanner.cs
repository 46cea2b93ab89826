using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;

namespace Gnomon.Domain.Planning;

/// <summary>Decides which slots of a job to materialise now, applying the misfire policy to slots missed while no scheduler ran.</summary>
/// <remarks>
/// Pure: the caller passes the clock reading, so the same inputs always give the same plan and the tests drive
/// time with a fake clock. A slot is missed when it is older than <see cref="MisfireOptions.Threshold"/>;
/// slots from there up to <c>until</c> (now plus the lookahead) run normally, late or early.
/// </remarks>
public static class FirePlanner
{
    /// <summary>Plans the fires of one job.</summary>
    /// <param name="schedule">The job's compiled schedule.</param>
    /// <param name="nextFire">The job's first slot not yet materialised.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="until">Materialise slots up to and including this instant.</param>
    /// <param name="policy">The job's misfire policy.</param>
    /// <param name="options">Misfire limits.</param>
    public static FirePlan Plan(Schedule schedule, DateTimeOffset nextFire, DateTimeOffset now, DateTimeOffset until, MisfirePolicy policy, MisfireOptions options)
    {
        var fires = new List<PlannedFire>();
        var missedBefore = now - options.Threshold;
        DateTimeOffset? slot = nextFire;

        // Walk the missed slots, keeping only the tail that the policy might run or record.
        var keep = Math.Max(options.RunAllCap, 1) + options.MaxRecordedSkips;
        var missed = new Queue<DateTimeOffset>();
        long missedCount = 0;
        var countIsExact = true;
        var jumpConsidered = false;
        while (slot is { } s && s < missedBefore)
        {
            if (!jumpConsidered && missedCount >= options.MaxEnumerated)
            {
                // A very long outage: stop walking slot by slot and continue near the present, so that the slots
                // kept are still the latest missed ones; the slots jumped over are counted as "at least".
                jumpConsidered = true;
                if (LatestSlotsFrom(schedule, nextFire, s, missedCount, missedBefore, keep) is { } from)
                {
                    missed.Clear();
                    countIsExact = false;
                    slot = schedule.FirstAtOrAfter(from);
                    continue;
                }
            }

            missedCount++;
            missed.Enqueue(s);
            if (missed.Count > keep)
            {
                missed.Dequeue();
            }

            slot = schedule.NextAfter(s);
        }

        if (missedCount > 0)
        {
            AddMissed(fires, missed, missedCount, countIsExact, policy, options);
        }

        while (slot is { } s && s <= until)
        {
            fires.Add(new PlannedFire(s, Skipped: false, Reason: null));
            slot = schedule.NextAfter(s);
        }

        return new FirePlan(fires, slot);
    }

    /// <summary>
    /// The start of a window ending at <paramref name="end"/> that holds at least <paramref name="keep"/> slots, or null
    /// when that window would reach back to <paramref name="current"/> (then walking on is as cheap).
    /// </summary>
    /// <remarks>Starts from the average spacing of the slots walked so far and doubles the window until it is full.</remarks>
    private static DateTimeOffset? LatestSlotsFrom(Schedule schedule, DateTimeOffset first, DateTimeOffset current, long walked, DateTimeOffset end, int keep)
    {
        var remaining = end - current;
        var span = TimeSpan.FromTicks(Math.Max((current - first).Ticks / Math.Max(walked, 1) * keep, TimeSpan.TicksPerSecond));
        while (span < remaining)
        {
            var from = end - span;
            var count = 0;
            for (var slot = schedule.FirstAtOrAfter(from); slot is { } s && s < end && count < keep; slot = schedule.NextAfter(s))
            {
                count++;
            }

            if (count >= keep)
            {
                return from;
            }

            span *= 2;
        }

        return null;
    }

    private static void AddMissed(List<PlannedFire> fires, Queue<DateTimeOffset> missed, long missedCount, bool countIsExact, MisfirePolicy policy, MisfireOptions options)
    {
        var kept = missed.ToArray();
        var runCount = policy switch
        {
            MisfirePolicy.RunOnce => 1,
            MisfirePolicy.RunAll => Math.Min(options.RunAllCap, kept.Length),
            _ => 0,
        };

        var skipReason = policy switch
        {
            MisfirePolicy.RunOnce => "misfire: missed while no scheduler was running; misfirePolicy runOnce runs only the latest missed slot",
            MisfirePolicy.RunAll => $"misfire: missed while no scheduler was running; misfirePolicy runAll runs at most the latest {options.RunAllCap} missed slots",
            _ => "misfire: missed while no scheduler was running; misfirePolicy skip",
        };

        var skipped = kept.Length - runCount;
        var recordFrom = Math.Max(0, skipped - options.MaxRecordedSkips);
        var notRecorded = missedCount - runCount - (skipped - recordFrom);
        for (var i = recordFrom; i < skipped; i++)
        {
            var reason = i == recordFrom && notRecorded > 0
                ? $"{skipReason} ({(countIsExact ? "" : "at least ")}{notRecorded} earlier missed slots were skipped without a record of their own)"
                : skipReason;
            fires.Add(new PlannedFire(kept[i], Skipped: true, reason));
        }

        for (var i = skipped; i < kept.Length; i++)
        {
            fires.Add(new PlannedFire(kept[i], Skipped: false, Reason: null));
        }
    }
}
