namespace Gnomon.Store.Nodes;

/// <summary>This process in the cluster: one id for every role it runs, used as worker id and partition owner.</summary>
public sealed class NodeIdentity
{
    public NodeIdentity(TimeProvider timeProvider)
    {
        StartedAt = timeProvider.GetUtcNow();
    }

    public Guid Id { get; } = Guid.CreateVersion7();

    public DateTimeOffset StartedAt { get; }

    public string Host { get; } = Environment.MachineName;

    public int Pid { get; } = Environment.ProcessId;

    public string Version { get; } = typeof(NodeIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
