namespace Gnomon.Client.Nodes;

/// <summary>A database server as a node reached it.</summary>
/// <param name="Host">Its host.</param>
/// <param name="Port">Its port.</param>
/// <param name="Primary">Whether it was the primary.</param>
public sealed record NodeDatabase(string Host, int Port, bool Primary);
