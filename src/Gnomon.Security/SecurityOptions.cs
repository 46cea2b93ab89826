namespace Gnomon.Security;

/// <summary>Who may call the API, bound from <c>Security</c>.</summary>
public sealed record SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Keys accepted as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Serve the API without a key (<c>gnomon dev</c>, or <c>--insecure</c>).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Shortest key accepted, so a typo such as an empty variable is not a key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Why these settings cannot guard a node that serves the API, or null when they can.</summary>
    public string? Problem()
    {
        if (AllowAnonymous)
        {
            return null;
        }

        if (ApiKeys.Count == 0)
        {
            return "no API key configured: set Security:ApiKeys (e.g. --Security:ApiKeys:0=<key> or env Security__ApiKeys__0), "
                + "or start with --insecure (Security:AllowAnonymous=true) to serve the API without one";
        }

        var shortKey = ApiKeys.Select((k, i) => (Key: k, Index: i)).FirstOrDefault(k => (k.Key?.Length ?? 0) < MinimumKeyLength);
        return shortKey.Key is not null || ApiKeys.Any(k => k is null)
            ? $"Security:ApiKeys:{shortKey.Index} is shorter than {MinimumKeyLength} characters"
            : null;
    }
}
