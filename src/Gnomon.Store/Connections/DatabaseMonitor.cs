using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gnomon.Store.Connections;

/// <summary>Probes the database every second, so a node notices a lost or moved primary without waiting for its next statement to fail.</summary>
public sealed partial class DatabaseMonitor(DatabaseProbe probe, DatabaseConnection connection, TimeProvider timeProvider, ILogger<DatabaseMonitor> logger)
    : BackgroundService
{
    private bool _onStandby;

    /// <summary>How often the database is probed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One probe: records what it found and logs what changed.</summary>
    public async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await probe.ProbeAsync(cancellationToken);
            var change = connection.Reached(endpoint);
            if (change == DatabaseChange.Moved)
            {
                LogMoved(endpoint.Address, endpoint.IsPrimary);
            }
            else if (change == DatabaseChange.Regained)
            {
                LogRegained(endpoint.Address, endpoint.IsPrimary);
            }

            if (!endpoint.IsPrimary && !_onStandby)
            {
                LogStandby(endpoint.Address);
            }

            _onStandby = !endpoint.IsPrimary;
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            if (connection.Lost(ex.Message))
            {
                LogLost(ex.Message);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            do
            {
                await ProbeOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.DatabaseMonitorLost, Level = LogLevel.Warning, Message = "Lost the database: {Error}; idle connections dropped, retrying")]
    private partial void LogLost(string error);

    [LoggerMessage(EventId = EventIds.DatabaseMonitorRegained, Level = LogLevel.Information, Message = "Reached the database again at {Address} (primary: {Primary})")]
    private partial void LogRegained(string address, bool primary);

    [LoggerMessage(EventId = EventIds.DatabaseMonitorMoved, Level = LogLevel.Warning, Message = "The database moved to {Address} (primary: {Primary}): a failover or switchover; idle connections dropped")]
    private partial void LogMoved(string address, bool primary);

    [LoggerMessage(EventId = EventIds.DatabaseMonitorStandby, Level = LogLevel.Warning, Message = "The database at {Address} is a standby (read-only): nothing can be written until a primary answers")]
    private partial void LogStandby(string address);
}
