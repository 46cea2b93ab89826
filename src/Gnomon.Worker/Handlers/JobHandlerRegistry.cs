using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Worker.Handlers;

/// <summary>The handlers registered on this worker, by name.</summary>
internal sealed class JobHandlerRegistry(IEnumerable<JobHandlerRegistration> registrations)
{
    private readonly FrozenDictionary<string, Type> _handlers =
        registrations.ToFrozenDictionary(r => r.Name, r => r.HandlerType, StringComparer.Ordinal);

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>The handler named <paramref name="name"/> resolved from <paramref name="scope"/>, or null when none is registered.</summary>
    public IJobHandler? Resolve(string name, IServiceProvider scope) =>
        _handlers.TryGetValue(name, out var type) ? (IJobHandler)scope.GetRequiredService(type) : null;
}
