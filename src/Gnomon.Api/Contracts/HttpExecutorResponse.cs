namespace Gnomon.Api.Contracts;

/// <summary><c>{"type":"http","url":…,"method":…,"headers":…,"body":…,"successStatusCodes":…}</c></summary>
public sealed record HttpExecutorResponse : ExecutorResponse
{
    public required string Url { get; init; }

    public required string Method { get; init; }

    public required IReadOnlyDictionary<string, string>? Headers { get; init; }

    public required string? Body { get; init; }

    /// <summary>Null means any 2xx.</summary>
    public required IReadOnlyList<int>? SuccessStatusCodes { get; init; }
}
