using Gnomon.Store.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gnomon.Store.Migrations;

/// <summary>Applies the schema when the node starts, waiting for a primary as long as none answers, then opens the <see cref="SchemaGate"/>.</summary>
/// <remarks>An error that waiting cannot fix (a wrong password, an unknown database) fails the gate instead, which stops the node's start.</remarks>
public sealed partial class SchemaMigrationService(
    SchemaMigrator migrator,
    SchemaGate gate,
    TimeProvider timeProvider,
    ILogger<SchemaMigrationService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await migrator.MigrateAsync(stoppingToken);
                gate.Open();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                var backoff = RetryBackoff.After(++failures, TimeSpan.FromMilliseconds(250), MaxBackoff);
                LogWaiting(ex.Message, backoff);
                await Task.Delay(backoff, timeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            catch (Exception ex)
            {
                LogFailed(ex);
                gate.Fail(ex);
                return;
            }
        }
    }

    [LoggerMessage(EventId = EventIds.SchemaMigrationServiceWaiting, Level = LogLevel.Warning, Message = "Waiting for a primary database to apply the schema ({Error}); retrying in {Backoff}")]
    private partial void LogWaiting(string error, TimeSpan backoff);

    [LoggerMessage(EventId = EventIds.SchemaMigrationServiceFailed, Level = LogLevel.Critical, Message = "The schema could not be applied; the node stops")]
    private partial void LogFailed(Exception exception);
}
