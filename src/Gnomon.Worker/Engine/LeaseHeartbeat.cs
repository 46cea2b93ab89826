using Gnomon.Store.Executions;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

/// <summary>Renews the leases of every held execution, and stops those this worker lost or someone asked to cancel.</summary>
/// <remarks>
/// An execution claimed after a renewal was sent is not judged by it: its claim is newer than the answer. A started
/// execution missing from the answer is another worker's now (the reaper took it back), so its work is stopped.
/// </remarks>
internal sealed partial class LeaseHeartbeat(
    Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlyList<LeaseRenewal>>> renew,
    HeldExecutions held,
    TimeSpan interval,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken);
                await BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (the database, most likely), the next beat may succeed: the heartbeat never stops early.
                LogFailed(ex);
            }
        }
    }

    /// <summary>One renewal of every held lease.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var asOf = timeProvider.GetTimestamp();
        var renewals = await renew(held.Ids, cancellationToken);
        var stillOurs = new HashSet<Guid>(renewals.Count);
        foreach (var renewal in renewals)
        {
            stillOurs.Add(renewal.Id);
            if (renewal.CancelRequested)
            {
                held.Cancel(renewal.Id, CancelReason.Requested);
            }
        }

        foreach (var execution in held.All)
        {
            if (execution.Started && execution.ClaimedAt < asOf && !stillOurs.Contains(execution.Execution.Id))
            {
                execution.Running.Cancel(CancelReason.LeaseLost);
            }
        }
    }
}
