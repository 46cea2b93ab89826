using System.Text.Json;

namespace Gnomon.Api.Nodes;

/// <summary>A node as <c>GET /api/v1/nodes</c> shows it.</summary>
public sealed record NodeResponse
{
    public required Guid Id { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public required string Host { get; init; }

    public required int Pid { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset LastHeartbeatAt { get; init; }

    /// <summary><c>alive</c> or <c>dead</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Masters: the partitions held.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <summary>Workers: the queues served.</summary>
    public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Workers: total concurrency.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Workers: concurrency per queue.</summary>
    public JsonElement? QueueConcurrency { get; init; }

    /// <summary>Workers: executions running now.</summary>
    public int? Running { get; init; }

    /// <summary>The database server the node reached at its last heartbeat; null when it reached none, or before it reported one.</summary>
    public NodeDatabaseResponse? Database { get; init; }
}
