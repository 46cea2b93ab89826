using Gnomon.Store.Executions;
using Gnomon.Store.Timing;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

/// <summary>Claims the executions of one queue within its budget and hands each to the runner.</summary>
/// <remarks>
/// Two budgets: work in progress (the queue's concurrency) and executions held ahead of their instant on a local
/// timer, which take a running slot only when due — so a thousand jobs due on one second are all held when it comes,
/// rather than claimed a hundred at a time after it. Woken by a notification, by the runner giving budget back, or by
/// the poll interval, whichever comes first.
/// </remarks>
internal sealed partial class ClaimLoop(
    Func<WorkClaim, CancellationToken, Task<ClaimedWork>> claim,
    QueueBudget budget,
    HeldExecutions held,
    ExecutionRunner runner,
    WorkerMetrics metrics,
    Wakeup wakeup,
    string queue,
    WorkerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimAgain = await ClaimOnceAsync(stoppingToken);
                failures = 0;
                if (!claimAgain)
                {
                    await wakeup.WaitAsync(options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or a bug hit one claim): keep serving, back off.
                failures++;
                var backoff = TransientRetry.Backoff(failures);
                LogClaimFailed(ex, queue, backoff);
                await Task.Delay(backoff, timeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One claim within the free budget; true when it came back full (more may be waiting) or set rows aside.</summary>
    public async Task<bool> ClaimOnceAsync(CancellationToken cancellationToken)
    {
        var request = new WorkClaim(
            Math.Min(budget.FreeRunning, options.ClaimBatchSize),
            Math.Min(budget.FreeAhead, options.ClaimBatchSize),
            options.StartLead,
            options.Lookahead,
            options.LeaseDuration);
        if (request.MaxStart + request.MaxReserve == 0)
        {
            return false;
        }

        var work = await claim(request, cancellationToken);
        var claimedAt = timeProvider.GetTimestamp();
        foreach (var aside in work.SetAside)
        {
            LogSetAside(aside.Id, aside.Reason);
        }

        if (work.Executions.Count > 0)
        {
            metrics.Claimed.Add(work.Executions.Count);
        }

        int dueNow = 0, later = 0;
        foreach (var execution in work.Executions)
        {
            // Only this loop takes budget for new claims, and the claim took at most what was free; a runner may have
            // taken a running slot meanwhile, in which case this waits for one to come back.
            var slot = await budget.TakeAsync(execution.ClaimedDue, cancellationToken);
            if (execution.ClaimedDue)
            {
                dueNow++;
            }
            else
            {
                later++;
            }

            var entry = new HeldExecution(execution, claimedAt, slot);
            held.Add(entry);
            entry.Task = runner.RunAsync(entry, wakeup.Signal);
        }

        // Rows set aside leave room for others.
        return work.SetAside.Count > 0 || (request.MaxStart > 0 && dueNow == request.MaxStart) || (request.MaxReserve > 0 && later == request.MaxReserve);
    }
}
