using Gnomon.Store.Migrations;
using Gnomon.Store.Nodes;
using Gnomon.Store.Partitions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gnomon.Scheduler.Partitions;

/// <summary>Holds this master's partition leases: renews them, takes its share, takes over a dead master's, gives back on rebalance.</summary>
/// <remarks>
/// A tick runs every fifth of the lease TTL. When the database cannot be reached the leases are dropped here
/// once their TTL has passed on the local clock: by then another master may hold them, and the database would
/// refuse this one's writes anyway (the fence), so scheduling them would only waste work.
/// </remarks>
public sealed partial class PartitionLeaseManager(
    PartitionLeaseStore leases,
    NodeIdentity node,
    IOptions<SchedulerOptions> options,
    TimeProvider timeProvider,
    SchemaGate gate,
    ILogger<PartitionLeaseManager> logger) : BackgroundService, IPartitionOwnership
{
    private static readonly TimeSpan LapseMargin = TimeSpan.FromMilliseconds(20);

    private readonly TimeSpan _ttl = options.Value.PartitionLeaseTtl;
    private PartitionFence _fence = PartitionFence.None(node.Id);

    public PartitionFence Fence => Volatile.Read(ref _fence);

    public event Action? Changed;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Update([]);
        try
        {
            // A clean stop hands the share over at once instead of after the TTL.
            await leases.LeaveAsync(node.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTickFailed(ex);
        }
    }

    /// <summary>One renewal; returns when the next one is due. Public for tests that drive the split without the timer.</summary>
    public async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        var tick = await leases.TickAsync(node.Id, _ttl, cancellationToken);
        Update(tick.Held);
        var interval = _ttl / 5;
        // Wake just after another master's lease would lapse: if it is dead, its share is taken over at once.
        return tick.NextForeignExpiry is { } lapse && lapse + LapseMargin < interval ? lapse + LapseMargin : interval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        var confirmedAt = timeProvider.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = _ttl / 5;
            try
            {
                var started = timeProvider.GetTimestamp();
                delay = await TickAsync(stoppingToken);
                confirmedAt = started;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTickFailed(ex);
                if (timeProvider.GetElapsedTime(confirmedAt) >= _ttl && Fence.Leases.Count > 0)
                {
                    LogLeasesLapsed(Fence.Leases.Count);
                    Update([]);
                }
            }

            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Update(IReadOnlyList<PartitionLease> held)
    {
        var previous = Fence;
        if (previous.Leases.SequenceEqual(held))
        {
            return;
        }

        Volatile.Write(ref _fence, new PartitionFence(node.Id, held));
        LogOwnershipChanged(previous.Leases.Count, held.Count);
        Changed?.Invoke();
    }

    [LoggerMessage(EventId = EventIds.PartitionLeaseManagerOwnershipChanged, Level = LogLevel.Information, Message = "Partition leases: held {Before}, now {After}")]
    private partial void LogOwnershipChanged(int before, int after);

    [LoggerMessage(EventId = EventIds.PartitionLeaseManagerTickFailed, Level = LogLevel.Warning, Message = "Partition lease renewal failed; will retry")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(EventId = EventIds.PartitionLeaseManagerLeasesLapsed, Level = LogLevel.Warning, Message = "Dropped {Count} partition leases not renewed within their TTL")]
    private partial void LogLeasesLapsed(int count);
}
