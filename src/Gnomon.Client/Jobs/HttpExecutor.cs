namespace Gnomon.Client.Jobs;

/// <summary>An HTTP call per attempt; the response status decides success.</summary>
public sealed record HttpExecutor : Executor
{
    /// <summary>An absolute http or https URL.</summary>
    public required string Url { get; init; }

    /// <summary>GET, POST (the server's default when null), PUT, PATCH, DELETE, HEAD or OPTIONS.</summary>
    public string? Method { get; init; }

    /// <summary>Request headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The request body.</summary>
    public string? Body { get; init; }

    /// <summary>The statuses that count as success; any 2xx when null.</summary>
    public IReadOnlyList<int>? SuccessStatusCodes { get; init; }
}
