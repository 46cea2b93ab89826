namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>Groups the reasons Gnomon writes on a skipped execution into their kinds, for counting.</summary>
/// <remarks>
/// A reason says how late the slot was and which policy skipped it (<c>misfire: overloaded, 7.2 s late: …;
/// misfirePolicy runOnce …</c>), so nearly every skip has text of its own; the kind is what comes before the first
/// detail.
/// </remarks>
internal static class ShedReason
{
    private static readonly char[] DetailStarts = [',', ';', '('];

    /// <summary>The reason up to its first comma, semicolon or parenthesis (<c>misfire: overloaded</c>); null stays null.</summary>
    public static string? Kind(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        var end = reason.IndexOfAny(DetailStarts);
        var kind = (end < 0 ? reason : reason[..end]).Trim();
        return kind.Length == 0 ? reason.Trim() : kind;
    }
}
