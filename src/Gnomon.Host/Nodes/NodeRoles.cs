using Gnomon.Host.Composition;

namespace Gnomon.Host.Nodes;

/// <summary>The roles this process registered with.</summary>
public sealed record NodeRoles(GnomonRoles Roles)
{
    public IReadOnlyList<string> Names { get; } =
        [.. new[] { (GnomonRoles.Api, "api"), (GnomonRoles.Scheduler, "scheduler"), (GnomonRoles.Worker, "worker") }
            .Where(r => Roles.HasFlag(r.Item1)).Select(r => r.Item2)];
}
