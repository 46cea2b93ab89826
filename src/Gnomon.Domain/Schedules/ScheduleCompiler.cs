using Cronos;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;

namespace Gnomon.Domain.Schedules;

/// <summary>Checks a <see cref="ScheduleSpec"/> and turns it into a <see cref="Schedule"/>.</summary>
public static class ScheduleCompiler
{
    /// <summary>The longest interval accepted: one leap year.</summary>
    public const int MaxIntervalSeconds = 366 * 24 * 3600;

    /// <summary>Validates <paramref name="spec"/>; errors name fields relative to the schedule (<c>cron</c>, <c>timeZone</c>, …).</summary>
    /// <param name="spec">The schedule as written.</param>
    /// <param name="anchor">Where an interval schedule without a start counts from (the job's creation).</param>
    /// <param name="errors">Filled with what is wrong; empty on success.</param>
    public static Schedule? TryCompile(ScheduleSpec spec, DateTimeOffset anchor, List<FieldError> errors)
    {
        var before = errors.Count;
        var kinds = (spec.Cron is not null ? 1 : 0) + (spec.IntervalSeconds is not null ? 1 : 0) + (spec.RunAt is not null ? 1 : 0);
        if (kinds != 1)
        {
            errors.Add(new FieldError("", kinds == 0
                ? "one of cron, intervalSeconds or runAt is required"
                : "only one of cron, intervalSeconds or runAt may be given"));
            return null;
        }

        var inRange = CheckRange(spec.RunAt, "runAt", errors) & CheckRange(spec.StartAt, "startAt", errors) & CheckRange(spec.EndAt, "endAt", errors);
        if (!inRange)
        {
            return null;
        }

        if (spec.StartAt is { } s && spec.EndAt is { } e && e <= s)
        {
            errors.Add(new FieldError("endAt", "must be later than startAt"));
        }

        if (spec.TimeZone is not null && spec.Cron is null)
        {
            errors.Add(new FieldError("timeZone", "applies to cron schedules only"));
        }

        Schedule? schedule = null;
        if (spec.Cron is { } cron)
        {
            var zone = ResolveZone(spec.TimeZone, errors);
            var expression = ParseCron(cron, errors);
            if (zone is not null && expression is not null)
            {
                schedule = new CronSchedule(expression, zone, spec.StartAt, spec.EndAt);
            }
        }
        else if (spec.IntervalSeconds is { } seconds)
        {
            if (seconds is < 1 or > MaxIntervalSeconds)
            {
                errors.Add(new FieldError("intervalSeconds", $"must be between 1 and {MaxIntervalSeconds}"));
            }
            else
            {
                schedule = new IntervalSchedule(TimeSpan.FromSeconds(seconds), TruncateToMilliseconds(anchor), spec.StartAt, spec.EndAt);
            }
        }
        else if (spec.RunAt is { } runAt)
        {
            if ((spec.StartAt is { } start && runAt < start) || (spec.EndAt is { } end && runAt > end))
            {
                errors.Add(new FieldError("runAt", "lies outside the startAt/endAt window, so the job would never fire"));
            }
            else
            {
                schedule = new RunAtSchedule(runAt, spec.StartAt, spec.EndAt);
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return schedule;
    }

    private static bool CheckRange(DateTimeOffset? instant, string field, List<FieldError> errors)
    {
        if (instant is { } value && !JobLimits.IsInstantInRange(value))
        {
            errors.Add(new FieldError(field, "must lie between 2000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"));
            return false;
        }

        return true;
    }

    /// <summary>Parses 5-field, 6-field (seconds first) and macro (<c>@hourly</c>) expressions.</summary>
    public static CronExpression? ParseCron(string cron, List<FieldError> errors)
    {
        var text = cron.Trim();
        if (text.Length == 0)
        {
            errors.Add(new FieldError("cron", "must not be empty"));
            return null;
        }

        if (text.Length > 200)
        {
            errors.Add(new FieldError("cron", "must be at most 200 characters"));
            return null;
        }

        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        CronFormat format;
        if (text.StartsWith('@'))
        {
            format = CronFormat.Standard;
        }
        else if (fields == 5)
        {
            format = CronFormat.Standard;
        }
        else if (fields == 6)
        {
            format = CronFormat.IncludeSeconds;
        }
        else
        {
            errors.Add(new FieldError("cron", $"has {fields} fields; expected 5 (minute hour day month weekday) or 6 (second first), or a macro such as @hourly"));
            return null;
        }

        try
        {
            return CronExpression.Parse(text, format);
        }
        catch (CronFormatException ex)
        {
            errors.Add(new FieldError("cron", ex.Message));
            return null;
        }
    }

    /// <summary>Resolves an IANA zone id; null means UTC.</summary>
    public static TimeZoneInfo? ResolveZone(string? id, List<FieldError> errors)
    {
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (id.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            errors.Add(new FieldError("timeZone", $"'{Truncate(id, 64)}' is not a known IANA time zone (for example 'UTC' or 'Europe/Berlin')"));
            return null;
        }

        return zone;
    }

    /// <summary>The instants the API and the database can represent.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
