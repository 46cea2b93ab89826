using Gnomon.Worker.Engine;
using Gnomon.Worker.Executors;
using Gnomon.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gnomon.Worker;

/// <summary>Registers the worker role.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the worker role: executors, built-in handlers and the claiming loop. Add your own handlers on the
    /// returned builder: <c>services.AddGnomonWorker().AddHandler&lt;MyHandler&gt;("my-handler")</c>.
    /// The store must be registered too (<c>AddGnomonStore</c>).
    /// </summary>
    public static GnomonWorkerBuilder AddGnomonWorker(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddGnomonExecutors();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations()
            .Validate(o => TryParse(o), "Worker:Queues is not a list of queue[:concurrency] entries").ValidateOnStart();
        services.TryAddSingleton<WorkerMetrics>();
        services.TryAddSingleton<WorkerService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerService>());
        return new GnomonWorkerBuilder(services);
    }

    private static bool TryParse(WorkerOptions options)
    {
        try
        {
            QueueSubscription.Parse(options.Queues, options.Concurrency);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
