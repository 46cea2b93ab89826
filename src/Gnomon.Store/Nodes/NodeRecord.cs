using System.Text.Json;

namespace Gnomon.Store.Nodes;

/// <summary>A node as the registry saw it last.</summary>
public sealed record NodeRecord(
    Guid Id,
    IReadOnlyList<string> Roles,
    string Host,
    int Pid,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeatAt,
    bool Alive,
    DateTimeOffset? StoppedAt,
    JsonElement Info);
