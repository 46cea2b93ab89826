using System.Globalization;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;

namespace Gnomon.Domain.Planning;

/// <summary>Decides which slots of a job to materialise now, applying the misfire policy to slots it reaches too late.</summary>
/// <remarks>
/// <para>
/// Pure: the caller passes the clock reading, so the same inputs always give the same plan and the tests drive
/// time with a fake clock. A slot is missed when it is older than <see cref="MisfireOptions.Threshold"/>;
/// slots from there up to <c>until</c> (now plus the lookahead) run normally, late or early.
/// </para>
/// <para>
/// A missed slot is missed for one of two reasons, and its skip reason says which, slot by slot: a slot before
/// <c>watchedSince</c> (the instant the running scheduler began scheduling the job's partition) fell due while no
/// scheduler held the partition, so it was "missed while no scheduler was running"; a slot at or after it fell due
/// while a scheduler was watching and still was not written in time, so the system was <em>overloaded</em> (held back
/// by <c>Scheduler:MaxBacklog</c>, or simply not keeping up), and the reason says how late that slot is. Deciding per
/// slot keeps a takeover honest: the slots of the gap before it are the old master's, those after it the new one's.
/// The policy applies to the missed slots alike whatever the reason.
/// </para>
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
    /// <param name="watchedSince">Since when a running scheduler has held the job's partition; null when none has (every missed slot then counts as missed while no scheduler was running).</param>
    public static FirePlan Plan(
        Schedule schedule,
        DateTimeOffset nextFire,
        DateTimeOffset now,
        DateTimeOffset until,
        MisfirePolicy policy,
        MisfireOptions options,
        DateTimeOffset? watchedSince = null)
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

        var skips = missedCount > 0
            ? AddMissed(fires, missed, missedCount, countIsExact, policy, options, new MissedAt(now, watchedSince))
            : default;

        while (slot is { } s && s <= until)
        {
            fires.Add(new PlannedFire(s, Skipped: false, Reason: null));
            slot = schedule.NextAfter(s);
        }

        return new FirePlan(fires, slot) { OverloadedSkips = skips.Overloaded, NoSchedulerSkips = skips.NoScheduler };
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

    private static (int Overloaded, int NoScheduler) AddMissed(
        List<PlannedFire> fires, Queue<DateTimeOffset> missed, long missedCount, bool countIsExact, MisfirePolicy policy, MisfireOptions options, MissedAt at)
    {
        var kept = missed.ToArray();
        var runCount = policy switch
        {
            MisfirePolicy.RunOnce => 1,
            MisfirePolicy.RunAll => Math.Min(options.RunAllCap, kept.Length),
            _ => 0,
        };

        var policyText = policy switch
        {
            MisfirePolicy.RunOnce => "misfirePolicy runOnce runs only the latest missed slot",
            MisfirePolicy.RunAll => $"misfirePolicy runAll runs at most the latest {options.RunAllCap} missed slots",
            _ => "misfirePolicy skip",
        };

        var skipped = kept.Length - runCount;
        var recordFrom = Math.Max(0, skipped - options.MaxRecordedSkips);
        var notRecorded = missedCount - runCount - (skipped - recordFrom);
        var overloaded = 0;
        for (var i = recordFrom; i < skipped; i++)
        {
            var whileWatched = at.WasWatched(kept[i]);
            overloaded += whileWatched ? 1 : 0;
            var skipReason = whileWatched
                ? $"misfire: {OverloadedCause(at.Now - kept[i], options)}; {policyText}"
                : $"misfire: missed while no scheduler was running; {policyText}";
            var reason = i == recordFrom && notRecorded > 0
                ? $"{skipReason} ({(countIsExact ? "" : "at least ")}{notRecorded} earlier missed slots were skipped without a record of their own)"
                : skipReason;
            fires.Add(new PlannedFire(kept[i], Skipped: true, reason));
        }

        for (var i = skipped; i < kept.Length; i++)
        {
            fires.Add(new PlannedFire(kept[i], Skipped: false, Reason: null));
        }

        return (overloaded, skipped - recordFrom - overloaded);
    }

    /// <summary>Why a slot a running scheduler watched was still missed, and how late it is.</summary>
    private static string OverloadedCause(TimeSpan late, MisfireOptions options)
    {
        var bound = options.MaxBacklog is { } max
            ? string.Create(CultureInfo.InvariantCulture, $" (new slots are held back while Scheduler:MaxBacklog = {max} due executions wait for a worker)")
            : "";
        return $"overloaded, {Lateness(late)} late: the system was behind its schedule while a scheduler was running{bound}";
    }

    /// <summary>A lateness for people: tenths of a second under a minute, then the two largest units.</summary>
    private static string Lateness(TimeSpan late)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (late < TimeSpan.FromMinutes(1))
        {
            return string.Create(invariant, $"{late.TotalSeconds:0.0} s");
        }

        if (late < TimeSpan.FromHours(1))
        {
            return string.Create(invariant, $"{(int)late.TotalMinutes} min {late.Seconds} s");
        }

        return late < TimeSpan.FromDays(1)
            ? string.Create(invariant, $"{(int)late.TotalHours} h {late.Minutes} min")
            : string.Create(invariant, $"{(int)late.TotalDays} d {late.Hours} h");
    }

    /// <summary>The clock reading of a pass and since when the job's partition was watched.</summary>
    private readonly record struct MissedAt(DateTimeOffset Now, DateTimeOffset? WatchedSince)
    {
        public bool WasWatched(DateTimeOffset slot) => WatchedSince is { } since && slot >= since;
    }
}
