using Gnomon.Store.Connections;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Store.Migrations;
using Gnomon.Store.Nodes;
using Gnomon.Store.Notifications;
using Gnomon.Store.Partitions;
using Gnomon.Store.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Store;

/// <summary>Registers the PostgreSQL store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds the data source for <paramref name="connectionString"/> and every store over it.</summary>
    public static IServiceCollection AddGnomonStore(this IServiceCollection services, string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionStrings.ToNpgsql(connectionString));
        // Many small statements from many tasks: keep connections warm, fail fast when the server is gone.
        if (builder.MaxPoolSize == 100)
        {
            builder.MaxPoolSize = 50;
        }

        // The hot statements (claim, start, complete, materialise) are large CTEs run thousands of times a second:
        // prepared once per connection, PostgreSQL stops re-planning them on every call.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Several hosts (a failover formation): a standby promoted a moment ago is asked again within a second, not after
        // Npgsql's default of ten, and the probe below clears the hosts' cached states when the primary is lost.
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true && !connectionString.Contains("recheck", StringComparison.OrdinalIgnoreCase))
        {
            builder.HostRecheckSeconds = 1;
        }

        builder.ApplicationName ??= "gnomon";
        services.TryAddSingleton(TimeProvider.System);
        // Npgsql.DependencyInjection: the data source logs through the host's logging (category "Npgsql…").
        services.AddNpgsqlDataSource(builder.ConnectionString);
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<SchemaGate>();
        services.AddHostedService<SchemaMigrationService>();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<DatabaseConnection>();
        services.AddHostedService<DatabaseMonitor>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<ExecutionStore>();
        services.AddSingleton<DispatchStore>();
        services.AddSingleton<FireStore>();
        services.AddSingleton<BacklogStore>();
        services.AddSingleton<PartitionLeaseStore>();
        services.AddSingleton<NodeStore>();
        services.AddSingleton<NotificationListener>();
        services.TryAddSingleton<NodeIdentity>();
        services.TryAddSingleton<Stats.StatsRecorder>();
        services.AddSingleton<Stats.StatsStore>();
        services.TryAddSingleton<Stats.StatsFlushService>();
        services.AddHostedService(sp => sp.GetRequiredService<Stats.StatsFlushService>());
        return services;
    }

    /// <summary>The hosted service of ASP.NET Core Data Protection that reads the key ring at start.</summary>
    internal const string DataProtectionWarmUp = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>Keeps ASP.NET Core Data Protection's key ring in the database (<see cref="Keys.DataProtectionKeyStore"/>), shared by every node.</summary>
    public static IServiceCollection AddGnomonKeyRing(this IServiceCollection services)
    {
        services.TryAddSingleton<Keys.DataProtectionKeyStore>();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, Keys.DataProtectionKeyRingSetup>();

        // Data Protection's warm-up service reads the ring as the host starts, before the schema is applied to a fresh
        // database: a read of a table not there yet, logged as an error on every first start. Without it the ring is read
        // on first use, which the schema gate holds back (SchemaGateGuard answers 503 until the schema is current).
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == DataProtectionWarmUp)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
