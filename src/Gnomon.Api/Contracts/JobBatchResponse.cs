namespace Gnomon.Api.Contracts;

/// <summary>The jobs a batch created, in the order of the request: <c>{"items":[…]}</c>.</summary>
public sealed record JobBatchResponse
{
    public required IReadOnlyList<JobResponse> Items { get; init; }
}
