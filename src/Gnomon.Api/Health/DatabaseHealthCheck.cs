using Gnomon.Store.Connections;
using Gnomon.Store.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gnomon.Api.Health;

/// <summary>Ready when a primary answers and its schema is the one this build expects; says which server that is.</summary>
public sealed class DatabaseHealthCheck(DatabaseProbe probe, SchemaMigrator migrator, SchemaGate gate) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var endpoint = await probe.ProbeAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["host"] = endpoint.Host, ["port"] = endpoint.Port, ["primary"] = endpoint.IsPrimary };
            if (!endpoint.IsPrimary)
            {
                return HealthCheckResult.Unhealthy($"{endpoint.Address} is a standby (read-only); waiting for a primary", data: data);
            }

            var version = await migrator.CurrentVersionAsync(cancellationToken);
            if (!gate.IsOpen)
            {
                return HealthCheckResult.Unhealthy($"starting: applying the schema on {endpoint.Address}", data: data);
            }

            return version == SchemaMigrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version} on {endpoint.Address} (primary)", data)
                : HealthCheckResult.Unhealthy($"schema version {version} on {endpoint.Address}, this build expects {SchemaMigrator.LatestVersion}; run 'gnomon migrate'", data: data);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            return HealthCheckResult.Unhealthy("no primary answers (down, failing over, or only a standby is up): " + ex.Message);
        }
    }
}
