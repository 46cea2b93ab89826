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

namespace Gnomon.Worker.Engine;

/// <summary>The worker role: claims executions of its queues, starts each at its due instant, runs it, records the attempt.</summary>
/// <remarks>
/// Puts together four parts, each with one job: a <see cref="ClaimLoop"/> per queue, the <see cref="ExecutionRunner"/>,
/// the <see cref="CompletionWriter"/> (with the <see cref="StartWriter"/>) and the <see cref="LeaseHeartbeat"/>. This
/// class owns their life: it wires them to LISTEN/NOTIFY, and on stop lets running work finish within the grace, then
/// hands back what is left.
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
    ILoggerFactory loggers) : BackgroundService
{
    // Held-ahead executions per running slot at most, so a queue with little concurrency cannot hoard what others could run.
    private const int MaxPrefetchPerSlot = 10;

    // How long stopped work gets to end and be recorded before what is left is handed back.
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly WorkerOptions _options = options.Value;
    private readonly HeldExecutions _held = new();
    private readonly List<Wakeup> _wakeups = [];
    private readonly ILogger _logger = loggers.CreateLogger<WorkerService>();

    /// <summary>The queues served, parsed from the options.</summary>
    public IReadOnlyList<QueueSubscription> Subscriptions { get; } = QueueSubscription.Parse(options.Value.Queues, options.Value.Concurrency);

    /// <summary>Executions held now (claimed and waiting for their instant, or running).</summary>
    public int HeldCount => _held.Count;

    /// <summary>Executions running now.</summary>
    public int RunningCount => _held.RunningCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do before the schema is current: the node serves health (not ready) meanwhile.
        if (!await gate.WaitUntilOpenAsync(stoppingToken))
        {
            return;
        }

        var starts = new StartWriter((batch, ct) => dispatch.StartAsync(node.Id, batch, _options.LeaseDuration, ct), _options.ClaimBatchSize, timeProvider);
        var completions = new CompletionWriter((batch, ct) => dispatch.CompleteAsync(node.Id, batch, ct), _options.ClaimBatchSize, timeProvider, loggers.CreateLogger<CompletionWriter>());
        using var fireGate = new FireGate(timeProvider);
        var runner = new ExecutionRunner(starts, completions, executors, _held, fireGate, metrics, _options.StartLead, WakeAfter, timeProvider, loggers.CreateLogger<ExecutionRunner>());
        var heartbeat = new LeaseHeartbeat((ids, ct) => dispatch.RenewLeasesAsync(node.Id, ids, _options.LeaseDuration, ct), _held, _options.EffectiveHeartbeatInterval, timeProvider, loggers.CreateLogger<LeaseHeartbeat>());
        var claimLoops = Subscriptions.Select(s => CreateClaimLoop(s, runner)).ToList();

        using var writers = new CancellationTokenSource();
        var writerTasks = new[] { starts.RunAsync(writers.Token), completions.RunAsync(writers.Token) };
        var listening = listener.RunAsync([Channels.Executions, Channels.Cancel], OnNotification, WakeAll, stoppingToken);
        var heartbeating = heartbeat.RunAsync(stoppingToken);
        var claiming = claimLoops.Select(l => l.RunAsync(stoppingToken)).ToList();
        var queues = string.Join(',', Subscriptions.Select(s => $"{s.Queue}:{s.Concurrency}"));
        LogStarted(node.Id, queues);

        await Task.WhenAll(claiming);
        await ShutdownAsync();
        await writers.CancelAsync();
        await Task.WhenAll(writerTasks);
        await Task.WhenAll(listening, heartbeating);
    }

    private ClaimLoop CreateClaimLoop(QueueSubscription subscription, ExecutionRunner runner)
    {
        var selector = subscription.IsWildcard
            ? QueueSelector.AllExcept(Subscriptions.Where(s => !s.IsWildcard).Select(s => s.Queue).ToList())
            : QueueSelector.Named(subscription.Queue);
        var budget = new QueueBudget(subscription.Concurrency, Math.Min(_options.Prefetch, subscription.Concurrency * MaxPrefetchPerSlot));
        var wakeup = new Wakeup(timeProvider);
        _wakeups.Add(wakeup);
        return new ClaimLoop((claim, ct) => dispatch.ClaimWorkAsync(node.Id, selector, claim, ct), budget, _held, runner, metrics, wakeup,
            subscription.Queue, _options, timeProvider, loggers.CreateLogger<ClaimLoop>());
    }

    private async Task ShutdownAsync()
    {
        var pending = _held.All.Select(h => h.Task).OfType<Task>().ToList();
        if (pending.Count > 0)
        {
            LogDraining(pending.Count, _options.ShutdownGrace);
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(_options.ShutdownGrace, timeProvider));
        }

        foreach (var held in _held.All)
        {
            held.Running.Cancel(CancelReason.Shutdown);
        }

        // Stopped work ends at once (an executor throws promptly on its token); what finished anyway is still recorded,
        // while the writers run, rather than failing against stopped writers and waiting for the reaper.
        var stopping = _held.All.Select(h => h.Task).OfType<Task>().ToList();
        await Task.WhenAny(Task.WhenAll(stopping), Task.Delay(StopWait, timeProvider));

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
            LogHandBackFailed(ex);
        }
    }

    private void OnNotification(string channel, string payload)
    {
        if (channel == Channels.Cancel)
        {
            if (Guid.TryParse(payload, out var id))
            {
                _held.Cancel(id, CancelReason.Requested);
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
}
