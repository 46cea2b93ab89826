using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Http;

/// <summary>The <c>Prefer</c> request header (RFC 7240), as far as the API honours it: <c>return=minimal</c>.</summary>
/// <remarks>
/// As the RFC asks, a preference the API does not know is ignored, not refused; <c>Preference-Applied</c> on the
/// answer tells the client which one was honoured.
/// </remarks>
internal static class PreferHeader
{
    public const string AppliedHeader = "Preference-Applied";
    public const string ReturnMinimal = "return=minimal";

    /// <summary>True when the request asks for <c>return=minimal</c> (in any case, quoted or not, beside other preferences).</summary>
    public static bool WantsMinimal(HttpRequest request)
    {
        foreach (var value in request.Headers["Prefer"])
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                // preference = token [ BWS "=" BWS word ] *( OWS ";" [ OWS parameter ] )
                var preference = value.AsSpan(range);
                var parameters = preference.IndexOf(';');
                if (parameters >= 0)
                {
                    preference = preference[..parameters];
                }

                var equals = preference.IndexOf('=');
                if (equals < 0)
                {
                    continue;
                }

                var word = preference[(equals + 1)..].Trim();
                if (word.Length >= 2 && word[0] == '"' && word[^1] == '"')
                {
                    word = word[1..^1];
                }

                if (preference[..equals].Trim().Equals("return", StringComparison.OrdinalIgnoreCase)
                    && word.Equals("minimal", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
