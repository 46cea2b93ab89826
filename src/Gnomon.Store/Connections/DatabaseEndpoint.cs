namespace Gnomon.Store.Connections;

/// <summary>The PostgreSQL server a node reached: its host and port as the connection string names them, and whether it is the primary.</summary>
public sealed record DatabaseEndpoint(string Host, int Port, bool IsPrimary)
{
    /// <summary><c>host:port</c>.</summary>
    public string Address => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
