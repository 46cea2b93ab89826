using Gnomon.Scheduler.Leases;
using Gnomon.Scheduler.Partitions;
using Gnomon.Scheduler.Planning;
using Gnomon.Scheduler.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gnomon.Scheduler;

/// <summary>Registers the scheduling part of the master role.</summary>
public static class SchedulerServiceCollectionExtensions
{
    public static IServiceCollection AddGnomonScheduler(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SchedulerMetrics>();
        services.TryAddSingleton<PartitionLeaseManager>();
        services.TryAddSingleton<IPartitionOwnership>(sp => sp.GetRequiredService<PartitionLeaseManager>());
        services.AddHostedService(sp => sp.GetRequiredService<PartitionLeaseManager>());
        services.TryAddSingleton<SchedulingService>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingService>());
        services.TryAddSingleton<LeaseReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseReaper>());
        services.TryAddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return services;
    }
}
