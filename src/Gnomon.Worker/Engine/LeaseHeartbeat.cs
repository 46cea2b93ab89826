using Gnomon.Store.Executions;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

/// <summary>Renews the leases of the held executions that need it, and stops those this worker lost or someone asked to cancel.</summary>
/// <remarks>
/// A lease written less than an interval ago (by the claim, the start or the last renewal) is left alone: it has two
/// intervals to run, and the next beat renews it. So executions that end within seconds of their claim — most — are
/// never renewed: at 10,000 a second, renewing every held lease at each beat rewrote 10,000–20,000 rows every 3 s and held
/// their row locks for up to 0.9 s, which the starts and completions of the same rows waited out. A started execution
/// sent in a renewal and missing from its answer is another worker's now (the reaper took it back), so its work is stopped.
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

    /// <summary>One renewal of the leases written an interval ago or more.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var asOf = timeProvider.GetTimestamp();
        var due = held.All.Where(h => timeProvider.GetElapsedTime(h.LeaseWrittenAt, asOf) >= interval).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var renewals = await renew([.. due.Select(h => h.Execution.Id)], cancellationToken);
        var stillOurs = new HashSet<Guid>(renewals.Count);
        foreach (var renewal in renewals)
        {
            stillOurs.Add(renewal.Id);
            if (renewal.CancelRequested)
            {
                held.Cancel(renewal.Id, CancelReason.Requested);
            }
        }

        foreach (var execution in due)
        {
            if (stillOurs.Contains(execution.Execution.Id))
            {
                execution.LeaseWritten(asOf);
            }
            else if (execution.Started)
            {
                execution.Running.Cancel(CancelReason.LeaseLost);
            }
        }
    }
}
