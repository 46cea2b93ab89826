using System.CommandLine;
using System.Globalization;
using Gnomon.Cli.Output;
using Gnomon.Client.Nodes;

namespace Gnomon.Cli.Nodes;

/// <summary><c>gnomon ctl nodes</c>: every node seen recently, dead ones marked.</summary>
internal static class NodesCommand
{
    private static readonly string[] Headers = ["ID", "ROLES", "HOST", "PID", "STATUS", "HEARTBEAT", "WORK", "DATABASE"];

    public static Command Build()
    {
        var command = new Command("nodes", "lists the masters and workers seen recently");
        CtlAction.Set(command, async (session, _, ct) =>
        {
            var nodes = await session.Client.GetNodesAsync(ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(nodes) : session.Printer.TableAsync(Headers, nodes.Select(n => Row(n, session.Printer))));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IReadOnlyList<Cell> Row(Node node, Printer printer) =>
    [
        node.Id.ToString(),
        string.Join(',', node.Roles),
        node.Host,
        node.Pid.ToString(CultureInfo.InvariantCulture),
        new Cell(node.Status, node.Status == "alive" ? Tone.Good : Tone.Bad),
        printer.Time(node.LastHeartbeatAt),
        Work(node),
        node.Database is { } db ? $"{db.Host}:{db.Port}{(db.Primary ? " (primary)" : "")}" : "-",
    ];

    private static string Work(Node node)
    {
        var parts = new List<string>();
        if (node.Partitions is { } partitions)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{partitions.Count} partitions"));
        }

        if (node.Queues is { } queues)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"queues {string.Join(',', queues)}, running {node.Running ?? 0}/{node.Concurrency ?? 0}"));
        }

        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }
}
