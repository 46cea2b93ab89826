using System.Collections.Concurrent;
using Gnomon.Domain.Executions;
using Gnomon.Store.Connections;
using Gnomon.Store.Executions;
using Gnomon.Store.Migrations;
using Gnomon.Store.Nodes;
using Gnomon.Store.Notifications;
using Gnomon.Store.Timing;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gnomon.Worker.Engine;

/// <summary>The worker role: claims executions of its queues, starts each at its due instant, runs it, records the attempt.</summary>
/// <remarks>
/// Woken by LISTEN/NOTIFY, with polling as the fallback. Claims ahead (the lookahead) so a local timer
/// can start work on the due instant rather than after a round trip. Starts and completions arriving
/// together share one statement each. Leases are renewed by heartbeat; an execution whose lease this
/// worker lost is stopped, since another worker now owns it.
/// </remarks>
public sealed partial class WorkerService(
    DispatchStore dispatch,
    NotificationListener listener,
    ExecutorRegistry executors,
    NodeIdentity node,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    SchemaGate gate,
    ILogger<WorkerService> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, Held> _held = new();
    private readonly List<Wakeup> _wakeups = [];
    private Batcher<ClaimedExecution, StartedExecution>? _starts;
    private static readonly TimeSpan MaxClockAlignment = TimeSpan.FromMilliseconds(100);

    // Held-ahead executions per running slot at most, so a queue with little concurrency cannot hoard what others could run.
    private const int MaxPrefetchPerSlot = 10;

    private Batcher<CompletedAttempt, bool>? _completions;

    /// <summary>The queues served, parsed from the options.</summary>
    public IReadOnlyList<QueueSubscription> Subscriptions { get; } = QueueSubscription.Parse(options.Value.Queues, options.Value.Concurrency);

    /// <summary>Executions held now (claimed and waiting for their instant, or running).</summary>
    public int HeldCount => _held.Count;

    /// <summary>Executions running now.</summary>
    public int RunningCount => _held.Values.Count(h => h.Started);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        using var writers = new CancellationTokenSource();
        _starts = new Batcher<ClaimedExecution, StartedExecution>(
            (batch, ct) => dispatch.StartAsync(node.Id, batch, _options.LeaseDuration, ct), _options.ClaimBatchSize);
        _completions = new Batcher<CompletedAttempt, bool>(CompleteBatchAsync, _options.ClaimBatchSize);
        var writerTasks = new[] { _starts.RunAsync(writers.Token), _completions.RunAsync(writers.Token) };

        foreach (var _ in Subscriptions)
        {
            _wakeups.Add(new Wakeup(timeProvider));
        }

        var listening = listener.RunAsync([Channels.Executions, Channels.Cancel], OnNotification, WakeAll, stoppingToken);
        var heartbeat = HeartbeatLoopAsync(stoppingToken);
        var dispatchers = Subscriptions.Select((s, i) => DispatchLoopAsync(s, _wakeups[i], stoppingToken)).ToList();
        var queues = string.Join(',', Subscriptions.Select(s => $"{s.Queue}:{s.Concurrency}"));
        LogStarted(node.Id, queues);

        await Task.WhenAll(dispatchers);
        await ShutdownAsync();
        await writers.CancelAsync();
        await Task.WhenAll(writerTasks);
        await Task.WhenAll(listening, heartbeat);
    }

    private async Task DispatchLoopAsync(QueueSubscription subscription, Wakeup wakeup, CancellationToken stoppingToken)
    {
        var selector = subscription.IsWildcard
            ? QueueSelector.AllExcept(Subscriptions.Where(s => !s.IsWildcard).Select(s => s.Queue).ToList())
            : QueueSelector.Named(subscription.Queue);
        // Two budgets: work in progress (the queue's concurrency), and executions held ahead of their instant on a
        // local timer, which take a running slot only when due — so a thousand jobs due on one second are all held
        // when it comes, rather than claimed a hundred at a time after it.
        var running = new SemaphoreSlim(subscription.Concurrency, subscription.Concurrency);
        var prefetch = Math.Min(_options.Prefetch, subscription.Concurrency * MaxPrefetchPerSlot);
        var ahead = new SemaphoreSlim(prefetch, Math.Max(prefetch, 1));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claim = new WorkClaim(
                    Math.Min(running.CurrentCount, _options.ClaimBatchSize),
                    Math.Min(ahead.CurrentCount, _options.ClaimBatchSize),
                    _options.StartLead,
                    _options.Lookahead,
                    _options.LeaseDuration);
                if (claim.MaxStart + claim.MaxReserve > 0)
                {
                    var work = await dispatch.ClaimWorkAsync(node.Id, selector, claim, stoppingToken);
                    var claimedAt = timeProvider.GetTimestamp();
                    var claimed = work.Executions;
                    failures = 0;
                    foreach (var aside in work.SetAside)
                    {
                        LogSetAside(aside.Id, aside.Reason);
                    }

                    if (claimed.Count > 0)
                    {
                        metrics.Claimed.Add(claimed.Count);
                    }

                    int dueNow = 0, later = 0;
                    foreach (var execution in claimed)
                    {
                        var held = new Held(execution, claimedAt);
                        // The due claim took at most the free running slots, and only this loop takes them ahead of time.
                        if (execution.ClaimedDue)
                        {
                            dueNow++;
                            await running.WaitAsync(stoppingToken);
                            held.HoldsRunningSlot = true;
                        }
                        else
                        {
                            later++;
                            await ahead.WaitAsync(stoppingToken);
                            held.HoldsAheadSlot = true;
                        }

                        _held[execution.Id] = held;
                        held.Task = RunAsync(held, running, ahead, wakeup);
                    }

                    // A full claim means more may be waiting, and rows set aside leave room for others: claim again at once.
                    if (work.SetAside.Count > 0 || (claim.MaxStart > 0 && dueNow == claim.MaxStart) || (claim.MaxReserve > 0 && later == claim.MaxReserve))
                    {
                        continue;
                    }
                }

                await wakeup.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or a bug hit one claim): keep serving, back off.
                failures++;
                var backoff = Backoff(failures);
                LogClaimFailed(ex, subscription.Queue, backoff);
                await Task.Delay(backoff, timeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(Held held, SemaphoreSlim running, SemaphoreSlim ahead, Wakeup wakeup)
    {
        await Task.Yield();
        var execution = held.Execution;
        try
        {
            var attempt = execution.StartedAttempt;
            if (attempt == 0)
            {
                // Not started by the claim: mark it running a little ahead of its instant (batched with others due
                // together), so no round trip stands between the instant and the work.
                var wait = execution.DueIn - timeProvider.GetElapsedTime(held.ClaimedAt) - _options.StartLead;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, held.Running.Token);
                }

                var started = await SubmitStartAsync(execution, held.Running.Token);
                if (!started.Started)
                {
                    if (started.SetAsideReason is { } reason)
                    {
                        LogSetAside(execution.Id, reason);
                    }

                    return;
                }

                attempt = started.Attempt;
            }

            held.Attempt = attempt;
            held.Started = true;
            if (held.HoldsAheadSlot)
            {
                held.HoldsAheadSlot = false;
                ahead.Release();
            }

            var remaining = execution.DueIn - timeProvider.GetElapsedTime(held.ClaimedAt);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, timeProvider, held.Running.Token);
            }

            // The timer above runs on the database's clock as seen at the claim; the attempt's recorded start is
            // this machine's clock. A few milliseconds apart, the work waits for the later one, so no attempt
            // starts (or is recorded as starting) before its instant. Capped: a badly skewed clock must not stall it.
            // A loop, because a timer may wake a fraction of a millisecond before the wall clock reaches the instant.
            for (var early = execution.DueAt - timeProvider.GetUtcNow();
                 early > TimeSpan.Zero && early <= MaxClockAlignment;
                 early = execution.DueAt - timeProvider.GetUtcNow())
            {
                await Task.Delay(early < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : early, timeProvider, held.Running.Token);
            }

            if (!held.HoldsRunningSlot)
            {
                await running.WaitAsync(held.Running.Token);
                held.HoldsRunningSlot = true;
            }

            metrics.StartLag.Record((timeProvider.GetUtcNow() - execution.DueAt).TotalMilliseconds);
            var completion = await ExecuteAsync(execution, attempt, held.Running);

            // The work is over: its slot goes to the next execution while this one's record is written.
            held.HoldsRunningSlot = false;
            running.Release();
            wakeup.Signal();
            if (completion is null)
            {
                return;
            }

            metrics.Completed.Add(1, new KeyValuePair<string, object?>("status", completion.Status.ToString()));
            var accepted = await SubmitCompletionAsync(completion);
            if (!accepted)
            {
                LogLateCompletion(execution.Id, completion.Attempt);
            }

            if (completion.RetryAfter is { } retryAfter)
            {
                WakeAfter(retryAfter);
            }
        }
        catch (OperationCanceledException) when (held.Running.Reason != CancelReason.None)
        {
            // Stopped while waiting for its instant: before the start write the row says the rest; after it,
            // the attempt is recorded like any other stopped attempt.
            if (held.Started && held.Running.Reason is CancelReason.Requested or CancelReason.LeaseLost && held.Attempt > 0)
            {
                await SubmitCompletionAsync(new CompletedAttempt(execution.Id, held.Attempt, ExecutionStatus.Cancelled, null, null, null, null, null));
            }
        }
        catch (Exception ex)
        {
            // The database was unreachable at start or completion: the lease lapses and the reaper retries it.
            LogRunFailed(ex, execution.Id);
        }
        finally
        {
            _held.TryRemove(execution.Id, out _);
            held.Running.Dispose();
            if (held.HoldsRunningSlot)
            {
                running.Release();
            }

            if (held.HoldsAheadSlot)
            {
                ahead.Release();
            }

            wakeup.Signal();
        }
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

        // A token that fired after the work ended does not change the outcome.
        var (status, error) = outcome is not null
            ? (outcome.Succeeded ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, outcome.Error)
            : running.Reason switch
            {
                CancelReason.Timeout => (ExecutionStatus.TimedOut, $"timed out after {execution.Timeout.TotalSeconds:0.###} s (timeoutSeconds)"),
                CancelReason.Requested => (ExecutionStatus.Cancelled, null),
                CancelReason.LeaseLost => (ExecutionStatus.Failed, "stopped: this worker lost the execution's lease"),
                _ => (ExecutionStatus.Cancelled, null),
            };

        if (outcome is null && running.Reason == CancelReason.Shutdown)
        {
            return null;
        }

        TimeSpan? retryAfter = status is ExecutionStatus.Failed or ExecutionStatus.TimedOut && execution.Retry.HasAttemptAfter(attempt)
            ? execution.Retry.DelayBefore(attempt + 1, Random.Shared.NextDouble())
            : null;
        string? reason = status switch
        {
            ExecutionStatus.Failed when retryAfter is null && attempt > 1 => $"failed after {attempt} attempts",
            _ => null,
        };
        return new CompletedAttempt(execution.Id, attempt, status, outcome?.Result, outcome?.Output, error, reason, retryAfter, startedAt, timeProvider.GetUtcNow());
    }

    /// <summary>Marks a held execution running, retrying through a short outage (a failover): its instant has come, and
    /// given up, it would wait for its lease to lapse and the reaper to hand it out again.</summary>
    private async Task<StartedExecution> SubmitStartAsync(ClaimedExecution execution, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await _starts!.SubmitAsync(execution);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && failures < 20)
            {
                await Task.Delay(Backoff(failures), timeProvider, cancellationToken);
            }
        }
    }

    private async Task<bool> SubmitCompletionAsync(CompletedAttempt completion)
    {
        // A completion is retried through short outages: losing it would rerun work that already happened.
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await _completions!.SubmitAsync(completion);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && failures < 20)
            {
                await Task.Delay(Backoff(failures), timeProvider);
            }
        }
    }

    private async Task<IReadOnlyList<bool>> CompleteBatchAsync(IReadOnlyList<CompletedAttempt> batch, CancellationToken cancellationToken)
    {
        var accepted = await dispatch.CompleteAsync(node.Id, batch, cancellationToken);
        return batch.Select(c => accepted.Contains(c.Id)).ToList();
    }

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        var interval = _options.EffectiveHeartbeatInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken);
                var asOf = timeProvider.GetTimestamp();
                var renewals = await dispatch.RenewLeasesAsync(node.Id, [.. _held.Keys], _options.LeaseDuration, stoppingToken);
                var stillOurs = new HashSet<Guid>(renewals.Count);
                foreach (var renewal in renewals)
                {
                    stillOurs.Add(renewal.Id);
                    if (renewal.CancelRequested && _held.TryGetValue(renewal.Id, out var requested))
                    {
                        requested.Running.Cancel(CancelReason.Requested);
                    }
                }

                foreach (var held in _held.Values)
                {
                    if (held.Started && held.ClaimedAt < asOf && !stillOurs.Contains(held.Execution.Id))
                    {
                        held.Running.Cancel(CancelReason.LeaseLost);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogHeartbeatFailed(ex);
            }
        }
    }

    private async Task ShutdownAsync()
    {
        var pending = _held.Values.Select(h => h.Task).Where(t => t is not null).Cast<Task>().ToList();
        if (pending.Count > 0)
        {
            LogDraining(pending.Count, _options.ShutdownGrace);
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(_options.ShutdownGrace, timeProvider));
        }

        foreach (var held in _held.Values)
        {
            held.Running.Cancel(CancelReason.Shutdown);
        }

        try
        {
            // Hand back what is left at once rather than waiting for the leases to lapse.
            var (released, recovered) = await dispatch.ReapAsync(node.Id, _options.MaxLeaseRecoveries,
                $"worker {node.Id} stopped before the attempt finished; handed back for a new attempt", 10_000, CancellationToken.None);
            if (released + recovered > 0)
            {
                LogHandedBack(released, recovered);
            }
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
        {
            LogHeartbeatFailed(ex);
        }
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == Channels.Cancel)
        {
            if (Guid.TryParse(payload, out var id) && _held.TryGetValue(id, out var held))
            {
                held.Running.Cancel(CancelReason.Requested);
            }

            return;
        }

        WakeAll();
    }

    private void WakeAll()
    {
        foreach (var wakeup in _wakeups)
        {
            wakeup.Signal();
        }
    }

    private void WakeAfter(TimeSpan delay) =>
        _ = Task.Delay(delay, timeProvider).ContinueWith(_ => WakeAll(), TaskScheduler.Default);

    private static TimeSpan Backoff(int failures) => RetryBackoff.After(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>An execution this worker holds.</summary>
    private sealed class Held(ClaimedExecution execution, long claimedAt)
    {
        public ClaimedExecution Execution { get; } = execution;

        public long ClaimedAt { get; } = claimedAt;

        public RunningExecution Running { get; } = new(execution.Id, new CancellationTokenSource());

        public volatile bool Started;

        /// <summary>Whether it holds one of the queue's running slots (taken when due, given back when the work ends).</summary>
        public bool HoldsRunningSlot { get; set; }

        /// <summary>Whether it holds one of the queue's held-ahead slots (given back once it is started).</summary>
        public bool HoldsAheadSlot { get; set; }

        public int Attempt { get; set; }

        public Task? Task { get; set; }
    }

    [LoggerMessage(EventId = EventIds.WorkerServiceStarted, Level = LogLevel.Information, Message = "Worker {WorkerId} serving {Queues}")]
    private partial void LogStarted(Guid workerId, string queues);

    [LoggerMessage(EventId = EventIds.WorkerServiceClaimFailed, Level = LogLevel.Warning, Message = "Claiming from queue {Queue} failed; retrying in {Backoff}")]
    private partial void LogClaimFailed(Exception exception, string queue, TimeSpan backoff);

    [LoggerMessage(EventId = EventIds.WorkerServiceRunFailed, Level = LogLevel.Warning, Message = "Execution {ExecutionId} could not be started or recorded; its lease will lapse and it will be retried")]
    private partial void LogRunFailed(Exception exception, Guid executionId);

    [LoggerMessage(EventId = EventIds.WorkerServiceLateCompletion, Level = LogLevel.Warning, Message = "Late completion of execution {ExecutionId} attempt {Attempt} rejected: the lease had been lost")]
    private partial void LogLateCompletion(Guid executionId, int attempt);

    [LoggerMessage(EventId = EventIds.WorkerServiceHeartbeatFailed, Level = LogLevel.Warning, Message = "Lease heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(EventId = EventIds.WorkerServiceDraining, Level = LogLevel.Information, Message = "Stopping: waiting up to {Grace} for {Count} executions")]
    private partial void LogDraining(int count, TimeSpan grace);

    [LoggerMessage(EventId = EventIds.WorkerServiceSetAside, Level = LogLevel.Warning, Message = "Execution {ExecutionId} failed without running: {Reason}")]
    private partial void LogSetAside(Guid executionId, string reason);

    [LoggerMessage(EventId = EventIds.WorkerServiceHandedBack, Level = LogLevel.Information, Message = "Handed back {Released} claimed and {Recovered} running executions")]
    private partial void LogHandedBack(int released, int recovered);
}
