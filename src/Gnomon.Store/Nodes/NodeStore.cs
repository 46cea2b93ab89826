using System.Text.Json;
using Npgsql;

namespace Gnomon.Store.Nodes;

/// <summary>The node registry: every process upserts itself at each heartbeat.</summary>
public sealed class NodeStore(NpgsqlDataSource dataSource)
{
    public async Task HeartbeatAsync(NodeRegistration node, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            insert into gnomon_nodes (id, roles, host, pid, version, started_at, last_heartbeat_at, info)
            values ($1, $2, $3, $4, $5, $6, now(), $7::jsonb)
            on conflict (id) do update set last_heartbeat_at = now(), info = excluded.info, roles = excluded.roles, stopped_at = null
            """)
            .With(node.Id).With(node.Roles.ToArray()).With(node.Host).With(node.Pid).With(node.Version)
            .With(node.StartedAt.ToUniversalTime()).With(node.Info.ToJsonString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a clean stop, so the node shows as dead at once rather than after its heartbeat lapses.</summary>
    public async Task MarkStoppedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update gnomon_nodes set stopped_at = now() where id = $1").With(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Nodes heard from within <paramref name="forgetAfter"/>; alive when heard from within <paramref name="deadAfter"/> and not stopped.</summary>
    public async Task<IReadOnlyList<NodeRecord>> ListAsync(TimeSpan deadAfter, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select id, roles, host, pid, version, started_at, last_heartbeat_at,
                stopped_at is null and last_heartbeat_at > now() - $1, stopped_at, info::text
            from gnomon_nodes where last_heartbeat_at > now() - $2
            order by started_at, id
            """).With(deadAfter).With(forgetAfter);
        var nodes = new List<NodeRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            nodes.Add(new NodeRecord(r.GetGuid(0), r.GetFieldValue<string[]>(1), r.GetString(2), r.GetInt32(3), r.GetString(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6), r.GetBoolean(7), r.GetInstantOrNull(8),
                JsonSerializer.Deserialize<JsonElement>(r.GetString(9))));
        }

        return nodes;
    }

    /// <summary>Removes nodes not heard from within <paramref name="forgetAfter"/>.</summary>
    public async Task<int> ForgetStaleAsync(TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("delete from gnomon_nodes where last_heartbeat_at < now() - $1").With(forgetAfter);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
