using Gnomon.Domain.Executions;
using Gnomon.Domain.Retries;
using Gnomon.Store.Executions;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

/// <summary>Runs one held execution: marks it running just before its instant, starts the work on the instant, enforces its timeout and cancellation, and hands the outcome to the completion writer.</summary>
/// <remarks>
/// The start is written <see cref="WorkerOptions.StartLead"/> ahead of the instant (batched with others due together), so
/// no round trip stands between the instant and the work, and the work is let through on the instant by the
/// <see cref="FireGate"/>, with every other execution due on it; the work itself waits for a running slot of its queue, and
/// until it has one it keeps its held-ahead slot, so a queue that is behind cannot make this worker hold more. Once the
/// work is over its running slot goes to the next execution while the attempt is written, but only while fewer finished
/// attempts wait to be written than the queue may hold ahead and run: when the database is slow to take completions, the worker claims less instead
/// of piling up finished work that is still "running" in the database (seen from outside: 20,000 such rows, their
/// leases lapsing while the completions queued).
/// </remarks>
internal sealed partial class ExecutionRunner(
    StartWriter starts,
    CompletionWriter completions,
    ExecutorRegistry executors,
    HeldExecutions held,
    FireGate gate,
    WorkerMetrics metrics,
    TimeSpan startLead,
    Action<TimeSpan> retryDue,
    TimeProvider timeProvider,
    ILogger logger)
{
    private static readonly TimeSpan MaxClockAlignment = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="execution"/> to its end; <paramref name="slotFreed"/> is called whenever it gives back a running or held-ahead slot.</summary>
    public async Task RunAsync(HeldExecution execution, Action slotFreed)
    {
        await Task.Yield();
        var claimed = execution.Execution;
        var token = execution.Running.Token;
        try
        {
            var attempt = claimed.StartedAttempt;
            if (attempt == 0)
            {
                await DelayUntilDueAsync(execution, startLead, token);
                var sentAt = timeProvider.GetTimestamp();
                var started = await starts.StartAsync(claimed, token);
                if (!started.Started)
                {
                    if (started.SetAsideReason is { } reason)
                    {
                        LogSetAside(claimed.Id, reason);
                    }

                    return;
                }

                attempt = started.Attempt;
                execution.LeaseWritten(sentAt);
            }

            execution.MarkStarted(attempt);
            await gate.WaitAsync(StartInstant(execution), token);
            await execution.Slot.TakeRunningAsync(token);

            metrics.AttemptStarted(timeProvider.GetUtcNow() - claimed.DueAt, attempt);
            var completion = await ExecuteAsync(claimed, attempt, execution.Running);
            await execution.Slot.StartRecordingAsync(CancellationToken.None);
            slotFreed();
            if (completion is null)
            {
                return;
            }

            metrics.AttemptEnded(completion.Status, completion.RetryAfter is not null);
            await completions.CompleteAsync(completion);
            if (completion.RetryAfter is { } retryAfter)
            {
                retryDue(retryAfter);
            }
        }
        catch (OperationCanceledException) when (execution.Running.Reason != CancelReason.None)
        {
            // Stopped before its work began: before the start write the row says the rest; after it, the attempt is
            // recorded like any other stopped attempt.
            if (execution.Started && execution.Running.Reason is CancelReason.Requested or CancelReason.LeaseLost)
            {
                metrics.AttemptEnded(ExecutionStatus.Cancelled, retrying: false);
                await completions.CompleteAsync(new CompletedAttempt(claimed.Id, execution.Attempt, ExecutionStatus.Cancelled, null, null, null, null, null));
            }
        }
        catch (Exception ex)
        {
            // The database was unreachable at start or completion: the lease lapses and the reaper retries it.
            LogRunFailed(ex, claimed.Id);
        }
        finally
        {
            held.Remove(claimed.Id);
            execution.Dispose();
            slotFreed();
        }
    }

    /// <summary>Waits until <paramref name="lead"/> before the instant, by the database's clock as seen at the claim.</summary>
    private async Task DelayUntilDueAsync(HeldExecution execution, TimeSpan lead, CancellationToken cancellationToken)
    {
        var wait = execution.Execution.DueIn - timeProvider.GetElapsedTime(execution.ClaimedAt) - lead;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// When the work begins, on this machine's clock: the slot's own instant, unless the database's clock (as seen at the
    /// claim) disagrees with this one by more than <see cref="MaxClockAlignment"/>, in which case the database's.
    /// </summary>
    /// <remarks>
    /// The database's estimate is late by however long the claim took to come back after the database read its clock
    /// (its commit among it: 1–5 ms, more on a busy machine), so on a machine whose clock agrees it would start every
    /// execution that much after its instant; the recorded start, and the endpoint a call reaches, go by the wall clock.
    /// A badly skewed clock must not hold the work back or let it run early, hence the cap.
    /// </remarks>
    private DateTimeOffset StartInstant(HeldExecution execution)
    {
        var now = timeProvider.GetUtcNow();
        var byDatabase = now + (execution.Execution.DueIn - timeProvider.GetElapsedTime(execution.ClaimedAt));
        var due = execution.Execution.DueAt;
        return (byDatabase - due).Duration() <= MaxClockAlignment ? due : byDatabase;
    }

    /// <summary>Runs one attempt; null when nothing may be recorded (the worker is stopping and hands it back).</summary>
    private async Task<CompletedAttempt?> ExecuteAsync(ClaimedExecution execution, int attempt, RunningExecution running)
    {
        var request = new ExecutionRequest(execution.Id, execution.JobId, execution.JobName, attempt, execution.ScheduledAt, execution.Executor, execution.Payload);
        ExecutionOutcome? outcome = null;
        var startedAt = timeProvider.GetUtcNow();
        await using (timeProvider.CreateTimer(_ => running.Cancel(CancelReason.Timeout), null, execution.Timeout, Timeout.InfiniteTimeSpan))
        {
            try
            {
                var executor = executors.Find(execution.Executor.Type);
                outcome = executor is null
                    ? new ExecutionOutcome(false, null, null, $"this worker has no '{execution.Executor.Type}' executor")
                    : await executor.ExecuteAsync(request, running.Token);
            }
            catch (OperationCanceledException) when (running.Reason != CancelReason.None)
            {
            }
            catch (Exception ex)
            {
                outcome = new ExecutionOutcome(false, null, null, $"{ex.GetType().Name}: {ex.Message}");
            }
        }

        if (outcome is null && running.Reason == CancelReason.Shutdown)
        {
            return null;
        }

        // A token that fired after the work ended does not change the outcome.
        var (status, error) = outcome is not null
            ? (outcome.Succeeded ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, outcome.Error)
            : running.Reason switch
            {
                CancelReason.Timeout => (ExecutionStatus.TimedOut, $"timed out after {execution.Timeout.TotalSeconds:0.###} s (timeoutSeconds)"),
                CancelReason.LeaseLost => (ExecutionStatus.Failed, "stopped: this worker lost the execution's lease"),
                _ => (ExecutionStatus.Cancelled, (string?)null),
            };

        var next = RetryDecision.After(execution.Retry, status, attempt, Random.Shared.NextDouble());
        return new CompletedAttempt(execution.Id, attempt, status, outcome?.Result, outcome?.Output, error, next.Reason, next.RetryAfter, startedAt, timeProvider.GetUtcNow());
    }
}
