using System.Text.Json;
using Gnomon.Api.Contracts;
using Gnomon.Store.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Nodes;

/// <summary>The node registry as seen through the API.</summary>
public static class NodesApi
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/nodes", ListNodes).WithTags("Nodes").WithName("ListNodes")
            .WithSummary("Every node seen recently, with its roles and what it holds");
        return routes;
    }

    private static async Task<Ok<ListResponse<NodeResponse>>> ListNodes(NodeStore nodes, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var records = await nodes.ListAsync(options.Value.NodeDeadAfter, ForgetAfter, cancellationToken);
        return TypedResults.Ok(new ListResponse<NodeResponse> { Items = records.Select(ToResponse).ToList(), NextCursor = null });
    }

    private static NodeResponse ToResponse(NodeRecord node)
    {
        var info = node.Info;
        return new NodeResponse
        {
            Id = node.Id,
            Roles = node.Roles,
            Host = node.Host,
            Pid = node.Pid,
            Version = node.Version,
            StartedAt = node.StartedAt,
            LastHeartbeatAt = node.LastHeartbeatAt,
            Status = node.Alive ? "alive" : "dead",
            Partitions = info.TryGetProperty("partitions", out var p) ? p.EnumerateArray().Select(x => x.GetInt32()).ToList() : null,
            Queues = info.TryGetProperty("queues", out var q) ? q.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
            Concurrency = info.TryGetProperty("concurrency", out var c) ? c.GetInt32() : null,
            QueueConcurrency = info.TryGetProperty("queueConcurrency", out var qc) ? qc.Clone() : null,
            Running = info.TryGetProperty("running", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null,
            Database = info.TryGetProperty("database", out var d) && d.ValueKind == JsonValueKind.Object
                ? new NodeDatabaseResponse { Host = d.GetProperty("host").GetString()!, Port = d.GetProperty("port").GetInt32(), Primary = d.GetProperty("primary").GetBoolean() }
                : null,
        };
    }
}
