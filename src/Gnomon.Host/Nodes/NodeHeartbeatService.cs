using System.Text.Json.Nodes;
using Gnomon.Scheduler.Partitions;
using Gnomon.Store.Connections;
using Gnomon.Store.Migrations;
using Gnomon.Store.Nodes;
using Gnomon.Worker.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.Host.Nodes;

/// <summary>Registers this process in the node registry and keeps its heartbeat, with what each role reports about itself.</summary>
public sealed partial class NodeHeartbeatService(
    NodeStore nodes,
    NodeIdentity identity,
    NodeRoles roles,
    IServiceProvider services,
    TimeProvider timeProvider,
    SchemaGate gate,
    ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    /// <summary>How often a node reports; <c>/api/v1/nodes</c> calls a node dead after several missed beats.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Nodes silent this long are removed from the registry.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await nodes.MarkStoppedAsync(identity.Id, cancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
        {
            LogHeartbeatFailed(ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            try
            {
                await nodes.HeartbeatAsync(Describe(), stoppingToken);
                await nodes.ForgetStaleAsync(ForgetAfter, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
            {
                LogHeartbeatFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private NodeRegistration Describe()
    {
        var info = new JsonObject();
        if (services.GetService<DatabaseConnection>()?.Current is { } database)
        {
            info["database"] = new JsonObject { ["host"] = database.Host, ["port"] = database.Port, ["primary"] = database.IsPrimary };
        }

        if (services.GetService<IPartitionOwnership>() is { } ownership && roles.Names.Contains("scheduler"))
        {
            info["partitions"] = new JsonArray([.. ownership.OwnedPartitions.Order().Select(p => JsonValue.Create(p))]);
        }

        if (services.GetService<WorkerService>() is { } worker)
        {
            info["queues"] = new JsonArray([.. worker.Subscriptions.Select(s => JsonValue.Create(s.Queue))]);
            info["concurrency"] = JsonValue.Create(worker.Subscriptions.Sum(s => s.Concurrency));
            info["queueConcurrency"] = new JsonObject(worker.Subscriptions.Select(s => KeyValuePair.Create(s.Queue, (JsonNode?)JsonValue.Create(s.Concurrency))));
            info["running"] = JsonValue.Create(worker.RunningCount);
        }

        return new NodeRegistration(identity.Id, roles.Names, identity.Host, identity.Pid, identity.Version, identity.StartedAt, info);
    }

    [LoggerMessage(EventId = EventIds.NodeHeartbeatServiceHeartbeatFailed, Level = LogLevel.Warning, Message = "Node heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception exception);
}
