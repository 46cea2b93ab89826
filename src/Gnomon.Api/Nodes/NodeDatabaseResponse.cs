namespace Gnomon.Api.Nodes;

/// <summary>The database server a node reaches: host and port as its connection string names them, and whether it is the primary.</summary>
public sealed record NodeDatabaseResponse
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required bool Primary { get; init; }
}
