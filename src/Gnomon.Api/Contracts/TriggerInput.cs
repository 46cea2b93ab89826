using System.Text.Json;

namespace Gnomon.Api.Contracts;

/// <summary>The optional body of a manual trigger.</summary>
public sealed record TriggerInput
{
    /// <summary>Any JSON for this execution; absent means the job's own payload.</summary>
    public JsonElement? Payload { get; init; }
}
