namespace Gnomon.Api.Contracts;

/// <summary>A page of a list: <c>{"items":[…],"nextCursor":"…"|null}</c>.</summary>
public sealed record ListResponse<T>
{
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last one.</summary>
    public required string? NextCursor { get; init; }
}
