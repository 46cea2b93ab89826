namespace Gnomon.Security;

/// <summary>Who may call the API, bound from <c>Security</c>.</summary>
public sealed record SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Keys accepted as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Serve the API without a key (<c>gnomon dev</c>, or <c>--insecure</c>).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>
    /// The host names clients use to reach this node (its public names: <c>gnomon.example.com</c>, <c>*.example.com</c>),
    /// besides <c>localhost</c> and the addresses it listens on, which are always accepted; <c>*</c> accepts any.
    /// </summary>
    /// <remarks>A request with another <c>Host</c> is refused (400), as is a browser's from another origin (403): DNS rebinding.</remarks>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

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

    /// <summary>Why an entry of <see cref="AllowedHosts"/> is not a host pattern, or null.</summary>
    public string? AllowedHostsProblem()
    {
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            var host = AllowedHosts[i]?.Trim() ?? "";
            var withoutBrackets = host.StartsWith('[') && host.EndsWith(']') ? "" : host;
            if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || withoutBrackets.Contains(':', StringComparison.Ordinal)
                || host.Any(char.IsWhiteSpace))
            {
                return $"Security:AllowedHosts:{i} ('{host}') must be a host name such as gnomon.example.com, *.example.com or an address, without scheme or port";
            }
        }

        return null;
    }
}
