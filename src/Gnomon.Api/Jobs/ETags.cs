using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gnomon.Api.Jobs;

/// <summary>Entity tags of jobs, derived from their version.</summary>
internal static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>The version <c>If-Match</c> requires, null when absent or <c>*</c>; false when the header is unreadable.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? version, out bool matchesAny)
    {
        version = null;
        matchesAny = false;
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0)
        {
            return true;
        }

        if (header.Trim() == "*")
        {
            matchesAny = true;
            return true;
        }

        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfMatch, out var tags) || tags.Count != 1 || tags[0].IsWeak)
        {
            return false;
        }

        var text = tags[0].Tag.ToString().Trim('"');
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            // A tag we never issued can never match.
            version = -1;
            return true;
        }

        version = v;
        return true;
    }
}
