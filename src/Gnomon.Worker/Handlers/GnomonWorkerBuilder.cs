using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gnomon.Worker.Handlers;

/// <summary>Adds job handlers to a worker: <c>services.AddGnomonWorker().AddHandler&lt;T&gt;("name")</c>.</summary>
public sealed partial class GnomonWorkerBuilder
{
    public GnomonWorkerBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The services the worker is built from.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped: one instance per execution) as the handler that jobs
    /// with <c>{"type":"handler","handler":"<paramref name="name"/>"}</c> run.
    /// </summary>
    /// <param name="name">Letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, 1 to 200 characters; case-sensitive.</param>
    /// <exception cref="ArgumentException">The name is malformed or already registered.</exception>
    public GnomonWorkerBuilder AddHandler<THandler>(string name)
        where THandler : class, IJobHandler
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!HandlerName().IsMatch(name))
        {
            throw new ArgumentException(
                $"handler name '{name}' is not valid: use 1 to 200 letters, digits, '.', '_' or '-'", nameof(name));
        }

        if (IsRegistered(Services, name))
        {
            throw new ArgumentException($"a handler named '{name}' is already registered", nameof(name));
        }

        Services.AddSingleton(new JobHandlerRegistration(name, typeof(THandler)));
        Services.TryAddScoped<THandler>();
        return this;
    }

    internal static bool IsRegistered(IServiceCollection services, string name) =>
        services.Any(d => d.ServiceType == typeof(JobHandlerRegistration)
            && d.ImplementationInstance is JobHandlerRegistration r
            && string.Equals(r.Name, name, StringComparison.Ordinal));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HandlerName();
}
