using System.Globalization;
using System.Text.RegularExpressions;

namespace Gnomon.Api.Json;

/// <summary>The one format of instants on the wire: RFC 3339, written in UTC with exactly three fraction digits.</summary>
/// <remarks>
/// Reading accepts any RFC 3339 date-time (any offset, 0–9 fraction digits, <c>T</c>/<c>Z</c> in either case) but
/// rejects local times without an offset: an instant without one is ambiguous, and guessing UTC hides client bugs.
/// Digits beyond the seventh (100 ns, the precision of <see cref="DateTimeOffset"/>) are dropped.
/// </remarks>
public static partial class Rfc3339
{
    /// <summary>The format written, e.g. <c>2026-11-23T10:00:00.000Z</c>.</summary>
    public const string WriteFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The message given when a value is not an instant, shared by the body reader and query parsing.</summary>
    public const string Expectation = "must be an RFC 3339 instant with an offset, such as 2026-11-23T10:00:00.000Z";

    /// <summary>Formats <paramref name="instant"/> in UTC with millisecond precision (truncated, never rounded up).</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(WriteFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 date-time with an offset; false for anything else, including local times.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || text.Length > 40)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        if (fraction.Length > 7)
        {
            fraction = fraction[..7];
        }

        var offset = match.Groups["offset"].Value;
        if (offset is "Z" or "z")
        {
            offset = "+00:00";
        }

        var normalized = string.Concat(
            match.Groups["date"].Value, "T", match.Groups["time"].Value,
            fraction.Length > 0 ? "." + fraction : "", offset);
        var format = fraction.Length > 0 ? "yyyy-MM-dd'T'HH:mm:ss." + new string('F', fraction.Length) + "zzz" : "yyyy-MM-dd'T'HH:mm:sszzz";
        return DateTimeOffset.TryParseExact(normalized, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt](?<time>\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
