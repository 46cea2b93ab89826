using System.Text.Json;

namespace Gnomon.Client.Nodes;

/// <summary>A Gnomon process seen recently.</summary>
public sealed record Node
{
    /// <summary>Its id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Its roles: <c>api</c>, <c>scheduler</c>, <c>worker</c>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The host it runs on.</summary>
    public required string Host { get; init; }

    /// <summary>Its process id.</summary>
    public int Pid { get; init; }

    /// <summary>Its version.</summary>
    public required string Version { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Its last heartbeat.</summary>
    public DateTimeOffset LastHeartbeatAt { get; init; }

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

    /// <summary>The database server it reached at its last heartbeat.</summary>
    public NodeDatabase? Database { get; init; }
}
