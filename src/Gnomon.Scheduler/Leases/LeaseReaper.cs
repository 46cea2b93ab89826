using Gnomon.Store.Connections;
using Gnomon.Store.Executions;
using Gnomon.Store.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Scheduler.Leases;

/// <summary>Takes back executions whose worker stopped renewing the lease (killed, partitioned, paused), so they run again.</summary>
/// <remarks>Safe on every master at once: each expired row is taken by one reaper (<c>for update skip locked</c>).</remarks>
public sealed partial class LeaseReaper(
    DispatchStore dispatch,
    IOptions<SchedulerOptions> options,
    TimeProvider timeProvider,
    SchemaGate gate,
    DatabaseConnection database,
    ILogger<LeaseReaper> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.LeaseReapInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Right after the database comes back, a lease may have run out only because it could not be renewed.
                if (database.AnsweredFor(options.Value.LeaseReapGraceAfterOutage))
                {
                    await ReapOnceAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; returns how many executions were taken back.</summary>
    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        try
        {
            while (true)
            {
                var (released, recovered) = await dispatch.ReapAsync(null, options.Value.MaxLeaseRecoveries,
                    "lease expired: the worker stopped renewing it (killed, cut off or paused); the execution was taken back", BatchSize, cancellationToken);
                total += released + recovered;
                if (recovered > 0 || released > 0)
                {
                    LogReaped(released, recovered);
                }

                if (released + recovered < BatchSize)
                {
                    return total;
                }
            }
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
        {
            LogReapFailed(ex);
            return total;
        }
    }

    [LoggerMessage(EventId = EventIds.LeaseReaperReaped, Level = LogLevel.Information, Message = "Took back {Released} claimed and {Recovered} running executions with expired leases")]
    private partial void LogReaped(int released, int recovered);

    [LoggerMessage(EventId = EventIds.LeaseReaperReapFailed, Level = LogLevel.Warning, Message = "Lease reaping failed; will retry")]
    private partial void LogReapFailed(Exception exception);
}
