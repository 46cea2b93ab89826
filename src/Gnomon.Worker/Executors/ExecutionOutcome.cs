using System.Text.Json.Nodes;

namespace Gnomon.Worker.Executors;

/// <summary>What an attempt produced.</summary>
/// <param name="Succeeded">Whether the attempt counts as a success.</param>
/// <param name="Result">
/// <c>{"httpStatus":200}</c> for http, <c>{"exitCode":0}</c> for shell, the handler's own (or null) for handlers.
/// </param>
/// <param name="Output">Response body or stdout+stderr, truncated to <see cref="ExecutorOptions.MaxOutputBytes"/>.</param>
/// <param name="Error">Why the attempt failed, for humans; null on success.</param>
public sealed record ExecutionOutcome(bool Succeeded, JsonObject? Result, string? Output, string? Error)
{
    internal static ExecutionOutcome Failed(string error, JsonObject? result = null, string? output = null) =>
        new(false, result, output, error);
}
