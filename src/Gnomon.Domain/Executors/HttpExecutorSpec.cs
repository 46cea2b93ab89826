using System.Text.Json.Serialization;

namespace Gnomon.Domain.Executors;

/// <summary>Calls a URL; a 2xx status (or one of <see cref="SuccessStatusCodes"/>) is success.</summary>
public sealed record HttpExecutorSpec : ExecutorSpec
{
    public const string TypeName = "http";

    [JsonIgnore]
    public override string Type => TypeName;

    public required Uri Url { get; init; }

    public string Method { get; init; } = "POST";

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public string? Body { get; init; }

    public IReadOnlyList<int>? SuccessStatusCodes { get; init; }

    /// <summary>Whether <paramref name="status"/> counts as success for this call.</summary>
    public bool IsSuccess(int status) =>
        SuccessStatusCodes is { Count: > 0 } codes ? codes.Contains(status) : status is >= 200 and <= 299;
}
