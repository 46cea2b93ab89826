using System.Globalization;

namespace Gnomon.Dashboard.Schedules;

/// <summary>The common shapes of cron expressions in words ("every 5 seconds", "at 09:30, Mon–Fri"); null for any other, which the page then shows only as written.</summary>
/// <remarks>No library served here describes cron; this covers what most jobs use and says nothing rather than something wrong for the rest.</remarks>
internal static class CronWords
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@every_second"] = "every second",
        ["@every_minute"] = "every minute",
        ["@hourly"] = "every hour",
        ["@daily"] = "every day at 00:00",
        ["@midnight"] = "every day at 00:00",
        ["@weekly"] = "every Sunday at 00:00",
        ["@monthly"] = "on day 1 of every month at 00:00",
        ["@yearly"] = "every 1 Jan at 00:00",
        ["@annually"] = "every 1 Jan at 00:00",
    };

    public static string? Describe(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        if (expression.StartsWith('@'))
        {
            return Macros.GetValueOrDefault(expression.Trim());
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            fields = ["0", .. fields];
        }

        return fields.Length == 6 ? Describe(fields[0], fields[1], fields[2], Days(fields[3], fields[4], fields[5])) : null;
    }

    private static string? Describe(string second, string minute, string hour, string? days)
    {
        if (days is null)
        {
            return null;
        }

        var suffix = days.Length == 0 ? "" : ", " + days;
        if (minute == "*" && hour == "*")
        {
            return second switch
            {
                "*" => "every second" + suffix,
                _ when Step(second) is { } n => $"every {n} seconds" + suffix,
                _ when Number(second, 59) is 0 => "every minute" + suffix,
                _ when Number(second, 59) is { } s => $"every minute at second {s}" + suffix,
                _ => null,
            };
        }

        if (Number(second, 59) is not { } sec)
        {
            return null;
        }

        if (hour == "*")
        {
            return minute switch
            {
                _ when Step(minute) is { } n && sec == 0 => $"every {n} minutes" + suffix,
                _ when Number(minute, 59) is { } m => $"every hour at :{m:00}{(sec == 0 ? "" : $":{sec:00}")}" + suffix,
                _ => null,
            };
        }

        if (Number(minute, 59) is not { } min)
        {
            return null;
        }

        if (Step(hour) is { } every)
        {
            return $"every {every} hours at :{min:00}" + suffix;
        }

        var hours = hour.Split(',').Select(h => Number(h, 23)).ToList();
        if (hours.Any(h => h is null))
        {
            return null;
        }

        var times = string.Join(" and ", hours.Select(h => sec == 0 ? $"{h:00}:{min:00}" : $"{h:00}:{min:00}:{sec:00}"));
        return days.Length == 0 ? $"every day at {times}" : $"at {times}, {days}";
    }

    /// <summary>The day part: "" for every day, a phrase for the common cases, null for the rest.</summary>
    private static string? Days(string dayOfMonth, string month, string dayOfWeek)
    {
        var anyDom = dayOfMonth is "*" or "?";
        var anyDow = dayOfWeek is "*" or "?";
        if (anyDom && month == "*" && anyDow)
        {
            return "";
        }

        if (anyDom && month == "*")
        {
            return Weekdays(dayOfWeek);
        }

        if (anyDow && Number(dayOfMonth, 31) is { } day && day >= 1)
        {
            if (month == "*")
            {
                return $"on day {day} of every month";
            }

            return Number(month, 12) is { } m && m >= 1 ? $"on {day} {MonthNames[m - 1]}" : MonthName(month) is { } name ? $"on {day} {name}" : null;
        }

        return null;
    }

    private static string? Weekdays(string field)
    {
        var parts = new List<string>();
        foreach (var part in field.Split(','))
        {
            var range = part.Split('-');
            var names = range.Select(DayName).ToList();
            if (names.Any(n => n is null) || range.Length > 2)
            {
                return null;
            }

            parts.Add(string.Join("–", names));
        }

        return "on " + string.Join(", ", parts);
    }

    private static string? DayName(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 7)
        {
            return DayNames[n % 7];
        }

        return DayNames.FirstOrDefault(d => d.Equals(text, StringComparison.OrdinalIgnoreCase));
    }

    private static string? MonthName(string text) => MonthNames.FirstOrDefault(m => m.Equals(text, StringComparison.OrdinalIgnoreCase));

    private static int? Number(string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static int? Step(string text) =>
        text.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
