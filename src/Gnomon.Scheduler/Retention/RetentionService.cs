using Gnomon.Store.Connections;
using Gnomon.Store.Executions;
using Gnomon.Store.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Scheduler.Retention;

/// <summary>Deletes finished executions older than the retention, in small batches so no delete holds locks for long.</summary>
public sealed partial class RetentionService(
    ExecutionStore executions,
    IOptions<SchedulerOptions> options,
    TimeProvider timeProvider,
    SchemaGate gate,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RetentionInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PurgeOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes everything past retention; returns how many executions were deleted.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.Retention;
        var batch = options.Value.RetentionBatchSize;
        var total = 0;
        try
        {
            int deleted;
            do
            {
                deleted = await executions.DeleteFinishedBeforeAsync(cutoff, batch, cancellationToken);
                total += deleted;
            }
            while (deleted == batch);
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
        {
            LogPurgeFailed(ex);
        }

        if (total > 0)
        {
            LogPurged(total, cutoff);
        }

        return total;
    }

    [LoggerMessage(EventId = EventIds.RetentionServicePurged, Level = LogLevel.Information, Message = "Deleted {Count} executions finished before {Cutoff}")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = EventIds.RetentionServicePurgeFailed, Level = LogLevel.Warning, Message = "Retention pass failed; will retry")]
    private partial void LogPurgeFailed(Exception exception);
}
