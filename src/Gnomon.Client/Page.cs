namespace Gnomon.Client;

/// <summary>One page of a list.</summary>
/// <param name="Items">The items, newest first.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
