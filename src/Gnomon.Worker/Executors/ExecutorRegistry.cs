using System.Collections.Frozen;

namespace Gnomon.Worker.Executors;

/// <summary>The executors available on this worker, by <see cref="IExecutor.Type"/>.</summary>
public sealed class ExecutorRegistry
{
    private readonly FrozenDictionary<string, IExecutor> _executors;

    /// <exception cref="ArgumentException">Two executors claim the same type.</exception>
    public ExecutorRegistry(IEnumerable<IExecutor> executors)
    {
        ArgumentNullException.ThrowIfNull(executors);
        var byType = new Dictionary<string, IExecutor>(StringComparer.Ordinal);
        foreach (var executor in executors)
        {
            if (!byType.TryAdd(executor.Type, executor))
            {
                throw new ArgumentException(
                    $"two executors are registered for type '{executor.Type}': {byType[executor.Type].GetType().Name} and {executor.GetType().Name}",
                    nameof(executors));
            }
        }

        _executors = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The types this worker can run.</summary>
    public IReadOnlyCollection<string> Types => _executors.Keys;

    /// <summary>The executor for <paramref name="type"/>, or null when this worker has none.</summary>
    public IExecutor? Find(string type) =>
        type is not null && _executors.TryGetValue(type, out var executor) ? executor : null;
}
