using Gnomon.Store.Connections;
using Gnomon.Store.Migrations;
using Gnomon.Store.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gnomon.Store.Stats;

/// <summary>
/// Every few seconds, adds what <see cref="StatsRecorder"/> counted to this node's rows of <c>gnomon_stats</c>, and
/// deletes minutes past <see cref="Retention"/>. What a failed write held goes with the next one.
/// </summary>
public sealed partial class StatsFlushService(
    StatsRecorder recorder,
    StatsStore store,
    NodeIdentity node,
    SchemaGate gate,
    TimeProvider timeProvider,
    ILogger<StatsFlushService> logger) : BackgroundService
{
    /// <summary>How often counts are written: the overview is this far behind at most.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How long minutes are kept: the API serves a day; an hour more covers a late reader.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(25);

    private static readonly TimeSpan StopFlushTimeout = TimeSpan.FromSeconds(2);

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last seconds' counts, written on a clean stop (a killed node loses at most one interval); briefly, so
        // a database that is away does not hold the stop up.
        if (gate.IsOpen)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(StopFlushTimeout);
            await FlushOnceAsync(bounded.Token);
        }
    }

    /// <summary>Writes what was counted, and once an hour deletes old minutes; false when the database refused.</summary>
    public async Task<bool> FlushOnceAsync(CancellationToken cancellationToken)
    {
        var minutes = recorder.Take();
        try
        {
            await store.AddAsync(node.Id, minutes, cancellationToken);
            var now = timeProvider.GetUtcNow();
            if (now >= _nextPurge)
            {
                await store.DeleteBeforeAsync(now - Retention, cancellationToken);
                _nextPurge = now + TimeSpan.FromHours(1);
            }

            return true;
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex) || ex is OperationCanceledException)
        {
            recorder.PutBack(minutes);
            if (ex is not OperationCanceledException)
            {
                LogFlushFailed(ex, minutes.Count);
            }

            return false;
        }
    }

    [LoggerMessage(EventId = EventIds.StatsFlushServiceFailed, Level = LogLevel.Warning, Message = "Could not write the counts of {Minutes} minutes to gnomon_stats; they go with the next write")]
    private partial void LogFlushFailed(Exception exception, int minutes);
}
