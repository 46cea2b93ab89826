using System.Text.Json.Nodes;

namespace Gnomon.Store.Nodes;

/// <summary>What a process says about itself at every heartbeat.</summary>
/// <param name="Info">Role details: partitions for masters; queues, concurrency and running count for workers.</param>
public sealed record NodeRegistration(Guid Id, IReadOnlyList<string> Roles, string Host, int Pid, string Version, DateTimeOffset StartedAt, JsonObject Info);
