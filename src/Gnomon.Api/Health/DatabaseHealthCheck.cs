using Gnomon.Store.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Gnomon.Api.Health;

/// <summary>Ready when the database answers and its schema is the one this build expects.</summary>
public sealed class DatabaseHealthCheck(SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await migrator.CurrentVersionAsync(cancellationToken);
            return version == SchemaMigrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version}, this build expects {SchemaMigrator.LatestVersion}; run 'gnomon migrate'");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("the database does not answer: " + ex.Message);
        }
    }
}
