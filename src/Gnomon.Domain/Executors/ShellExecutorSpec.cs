using System.Text.Json.Serialization;

namespace Gnomon.Domain.Executors;

/// <summary>Runs a program with arguments (no shell interpolation); exit code 0 is success.</summary>
public sealed record ShellExecutorSpec : ExecutorSpec
{
    public const string TypeName = "shell";

    [JsonIgnore]
    public override string Type => TypeName;

    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public string? WorkingDirectory { get; init; }
}
