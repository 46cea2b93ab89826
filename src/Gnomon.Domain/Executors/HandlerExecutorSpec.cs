using System.Text.Json.Serialization;

namespace Gnomon.Domain.Executors;

/// <summary>Calls a .NET handler registered by name in the worker's host.</summary>
public sealed record HandlerExecutorSpec : ExecutorSpec
{
    public const string TypeName = "handler";

    [JsonIgnore]
    public override string Type => TypeName;

    public required string Handler { get; init; }
}
