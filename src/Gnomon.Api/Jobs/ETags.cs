using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gnomon.Api.Jobs;

/// <summary>Entity tags of jobs, derived from their version.</summary>
internal static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>Reads <c>If-Match</c>; false only when the header is not a list of entity tags (or <c>*</c>) at all.</summary>
    /// <remarks>
    /// A syntactically valid tag that does not match is a 412, not a 400: weak tags (<c>W/"3"</c>) never match for
    /// <c>If-Match</c>, which uses the strong comparison, and neither does a strong tag this API never issued.
    /// </remarks>
    public static bool TryReadIfMatch(HttpRequest request, out IfMatch ifMatch)
    {
        ifMatch = default;
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(header, out var tags) || tags.Count == 0)
        {
            return false;
        }

        var any = false;
        var versions = new List<int>(tags.Count);
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                any = true;
            }
            else if (!tag.IsWeak && int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }

        // "*" stands alone (RFC 9110: If-Match = "*" / #entity-tag).
        if (any && tags.Count > 1)
        {
            return false;
        }

        ifMatch = new IfMatch(true, any, versions);
        return true;
    }
}
