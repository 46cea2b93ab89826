using System.Text.Json.Nodes;

namespace Gnomon.Worker.Handlers;

/// <summary>What a handler reports on success; a handler reports failure by throwing.</summary>
public sealed record HandlerResult
{
    /// <summary>Text kept as the execution's output (truncated to the worker's limit).</summary>
    public string? Output { get; init; }

    /// <summary>JSON kept as the execution's result.</summary>
    public JsonObject? Result { get; init; }
}
