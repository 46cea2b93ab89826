namespace Gnomon.Api.Contracts;

/// <summary>An executor as written by a client; <see cref="Type"/> selects which of the other fields apply.</summary>
/// <remarks>
/// Flat rather than polymorphic so that a field of the wrong type (a <c>url</c> on a shell executor) is reported
/// by name, and a missing or unknown <c>type</c> is a validation error rather than a deserialization failure.
/// </remarks>
public sealed record ExecutorInput
{
    /// <summary><c>http</c>, <c>shell</c> or <c>handler</c>.</summary>
    public string? Type { get; init; }

    /// <summary>http: absolute http or https URL.</summary>
    public string? Url { get; init; }

    /// <summary>http: GET, POST (default), PUT, PATCH, DELETE, HEAD or OPTIONS.</summary>
    public string? Method { get; init; }

    /// <summary>http: request headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>http: request body.</summary>
    public string? Body { get; init; }

    /// <summary>http: the statuses that count as success; any 2xx when absent.</summary>
    public IReadOnlyList<int>? SuccessStatusCodes { get; init; }

    /// <summary>shell: the program to run (no shell interpolation).</summary>
    public string? Command { get; init; }

    /// <summary>shell: its arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>shell: environment variables added to the worker's.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>shell: the directory it runs in.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>handler: the name a .NET handler is registered under in the worker.</summary>
    public string? Handler { get; init; }
}
