using System.Collections.Concurrent;

namespace Gnomon.Worker.Engine;

/// <summary>The executions this worker holds now, shared by the claim loops, the runner and the lease heartbeat.</summary>
internal sealed class HeldExecutions
{
    private readonly ConcurrentDictionary<Guid, HeldExecution> _held = new();

    public int Count => _held.Count;

    public int RunningCount => _held.Values.Count(h => h.Started);

    public IEnumerable<HeldExecution> All => _held.Values;

    public void Add(HeldExecution held) => _held[held.Execution.Id] = held;

    public bool TryGet(Guid id, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out HeldExecution held) => _held.TryGetValue(id, out held);

    public void Remove(Guid id) => _held.TryRemove(id, out _);

    /// <summary>Stops a held execution, if it is still held; the first reason given wins.</summary>
    public void Cancel(Guid id, CancelReason reason)
    {
        if (_held.TryGetValue(id, out var held))
        {
            held.Running.Cancel(reason);
        }
    }
}
