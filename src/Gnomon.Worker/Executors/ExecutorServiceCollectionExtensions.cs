using System.Net;
using System.Net.Http;
using Gnomon.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gnomon.Worker.Executors;

/// <summary>Registers the executors of a worker.</summary>
public static class ExecutorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the http, shell and handler executors, the <see cref="ExecutorRegistry"/>, the
    /// <see cref="ExecutorOptions"/> (section <c>Executors</c>), the guarded HTTP client and the built-in
    /// <c>noop</c> and <c>sleep</c> handlers. Calling it again does nothing.
    /// </summary>
    public static IServiceCollection AddGnomonExecutors(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ExecutorRegistry)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExecutorOptions>()
            .BindConfiguration(ExecutorOptions.SectionName)
            .Validate(o => o.MaxOutputBytes > 0, "Executors:MaxOutputBytes must be positive")
            .ValidateOnStart();

        services.AddHttpClient(HttpExecutor.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var http = provider.GetRequiredService<IOptions<ExecutorOptions>>().Value.Http;
                var guard = new PrivateNetworkGuard(http.AllowPrivateNetworks);
                return new SocketsHttpHandler
                {
                    ConnectCallback = guard.ConnectAsync,
                    AllowAutoRedirect = http.AllowRedirects,
                    // A proxy would make the connect callback see the proxy's address instead of the target's.
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    UseCookies = false,
                };
            });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutor, HttpExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutor, ShellExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutor, HandlerExecutor>());
        services.TryAddSingleton<ExecutorRegistry>();

        services.TryAddSingleton<JobHandlerRegistry>();
        var builder = new GnomonWorkerBuilder(services);
        if (!GnomonWorkerBuilder.IsRegistered(services, NoopHandler.Name))
        {
            builder.AddHandler<NoopHandler>(NoopHandler.Name);
        }

        if (!GnomonWorkerBuilder.IsRegistered(services, SleepHandler.Name))
        {
            builder.AddHandler<SleepHandler>(SleepHandler.Name);
        }

        return services;
    }
}
