namespace Gnomon.Client;

/// <summary>Where the server is and how to sign in.</summary>
public sealed class GnomonClientOptions
{
    /// <summary>The address of a master or of the gateway, such as <c>http://127.0.0.1:5050/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>; null for a server without keys (<c>gnomon dev</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The limit of one call (default 30 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
