namespace Gnomon.Api.Contracts;

/// <summary>Upcoming fire instants: <c>{"fires":[…]}</c>.</summary>
public sealed record FiresResponse
{
    public required IReadOnlyList<DateTimeOffset> Fires { get; init; }
}
