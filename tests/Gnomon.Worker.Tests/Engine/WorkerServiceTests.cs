using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Testing;
using Gnomon.Worker;
using Gnomon.Worker.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>The worker role end to end on the real database: executions are triggered through the store, as the API would.</summary>
[Collection(RealTimeCollection.Name)]
public sealed class WorkerServiceTests
{
    [Fact]
    public async Task ExecuteAsync_HandlerFailsTwiceWithThreeAttempts_SucceedsOnThirdAttempt()
    {
        await using var worker = await StartWorkerAsync();
        var definition = TestJobs.Definition("flaky-job", FlakyHandler.Name) with
        {
            Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(100), 1.0, TimeSpan.FromSeconds(1)),
        };

        var execution = await worker.RunToEndAsync(definition);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(3, execution.Attempt);
        Assert.Equal([ExecutionStatus.Failed, ExecutionStatus.Failed, ExecutionStatus.Succeeded], execution.Attempts.Select(a => a.Status));
        Assert.Equal([1, 2, 3], execution.Attempts.Select(a => a.Attempt));
        Assert.All(execution.Attempts.Take(2), a => Assert.Contains("flaky failure", a.Error, StringComparison.Ordinal));
        Assert.Equal("third time lucky", execution.Output);
        Assert.Equal([1, 2, 3], worker.Calls.Select(c => c.Attempt));
    }

    [Fact]
    public async Task ExecuteAsync_HandlerOutlastsTimeout_TimesOut()
    {
        await using var worker = await StartWorkerAsync();
        var definition = TestJobs.Definition("slow-job", "sleep") with
        {
            Payload = TestJobs.Json("""{"milliseconds": 60000}"""),
            Timeout = TimeSpan.FromMilliseconds(300),
        };

        var execution = await worker.RunToEndAsync(definition);

        Assert.Equal(ExecutionStatus.TimedOut, execution.Status);
        Assert.Contains("timed out", execution.Error, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.TimedOut, Assert.Single(execution.Attempts).Status);
        Assert.True(execution.DurationMs < 10_000, $"took {execution.DurationMs} ms");
    }

    [Fact]
    public async Task CancelAsync_RunningSleep_StopsItWithinASecond()
    {
        // A long lease puts the heartbeat (the fallback) far out: only the notification can stop it this fast.
        await using var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Worker:LeaseDuration"] = "00:00:30" });
        var job = await TestJobs.CreateAsync(worker.Get<JobStore>(), TestJobs.Definition("long-sleep", "sleep") with
        {
            Payload = TestJobs.Json("""{"milliseconds": 600000}"""),
        });
        var executions = worker.Get<ExecutionStore>();
        var id = (await executions.TriggerAsync(job, null, CancellationToken.None)).Id;
        await Eventually.WaitAsync(async () => (await executions.GetAsync(id, CancellationToken.None))!.Status == ExecutionStatus.Running,
            "the sleep to start", TimeSpan.FromSeconds(15));

        var requestedAt = TimeProvider.System.GetTimestamp();
        var (outcome, _) = await executions.CancelAsync(id, "cancelled by the test", CancellationToken.None);
        var cancelled = await Eventually.WaitAsync(() => executions.GetAsync(id, CancellationToken.None),
            e => e!.Status.IsFinal(), "the execution to stop", TimeSpan.FromSeconds(2));
        var took = TimeProvider.System.GetElapsedTime(requestedAt);

        Assert.Equal(CancelOutcome.StopRequested, outcome);
        Assert.Equal(ExecutionStatus.Cancelled, cancelled!.Status);
        Assert.Equal(ExecutionStatus.Cancelled, Assert.Single(cancelled.Attempts).Status);
        Assert.True(took < TimeSpan.FromSeconds(1.5), $"took {took}");
    }

    [Fact]
    public async Task ExecuteAsync_BacklogWithOneSlot_RunsByPriority()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = CreateWorkerNode(connectionString, new Dictionary<string, string?> { ["Worker:Queues"] = "q1:1" });
        var executions = node.Get<ExecutionStore>();
        int[] priorities = [3, -1, 10, 0, 7];
        foreach (var priority in priorities)
        {
            var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition($"p{priority}", RecordingHandler.Name) with
            {
                Queue = "q1",
                Priority = priority,
            });
            await executions.TriggerAsync(job, null, CancellationToken.None);
        }

        await node.StartAsync<WorkerService>();
        var calls = node.Get<HandlerCalls>().Calls;
        await Eventually.WaitAsync(() => Task.FromResult(calls.Count), n => n == priorities.Length, "every execution to run", TimeSpan.FromSeconds(20));

        Assert.Equal(priorities.OrderDescending().Select(p => $"p{p}"), calls.Select(c => c.JobName));
    }

    [Fact]
    public async Task ExecuteAsync_MoreDueTogetherThanConcurrency_HoldsThemAllBeforeTheInstant()
    {
        var connectionString = await TestDatabase.CreateAsync();
        // A long lookahead leaves seconds between the moment they may be held and their instant, even on a slow machine.
        await using var node = CreateWorkerNode(connectionString, new Dictionary<string, string?> { ["Worker:Queues"] = "q2:2", ["Worker:Lookahead"] = "00:00:05" });
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("held-ahead", RecordingHandler.Name) with { Queue = "q2" });
        for (var i = 0; i < 10; i++)
        {
            await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.FromSeconds(8), trigger: ExecutionTrigger.Manual);
        }

        var dueAt = Assert.Single(await Sql.QueryAsync(connectionString, "select min(due_at) from gnomon_execution_state", r => r.GetFieldValue<DateTimeOffset>(0)));
        await node.StartAsync<WorkerService>();

        // Two running slots, yet all ten are held (claimed) ahead of their instant, not claimed two at a time after it.
        await Eventually.WaitAsync(
            () => Sql.QueryAsync(connectionString, "select count(*) from gnomon_execution_state where status = 1", r => r.GetInt64(0)),
            counts => counts.Single() == 10, "all ten held ahead", TimeSpan.FromSeconds(6));
        Assert.True(TimeProvider.System.GetUtcNow() < dueAt, "held only after the instant");
        var calls = node.Get<HandlerCalls>().Calls;
        await Eventually.WaitAsync(() => Task.FromResult(calls.Count), n => n == 10, "every execution to run", TimeSpan.FromSeconds(20));
    }

    private static async Task<WorkerNode> StartWorkerAsync(Dictionary<string, string?>? settings = null)
    {
        var connectionString = await TestDatabase.CreateAsync();
        var node = CreateWorkerNode(connectionString, settings ?? []);
        await node.StartAsync<WorkerService>();
        return new WorkerNode(node);
    }

    private static TestNode CreateWorkerNode(string connectionString, Dictionary<string, string?> settings)
    {
        settings.TryAdd("Worker:PollInterval", "00:00:00.200");
        return TestNode.Create(connectionString, services =>
        {
            services.AddSingleton<HandlerCalls>();
            services.AddGnomonWorker().AddHandler<FlakyHandler>(FlakyHandler.Name).AddHandler<RecordingHandler>(RecordingHandler.Name);
        }, settings);
    }

    /// <summary>A started worker node with the steps these tests share.</summary>
    private sealed class WorkerNode(TestNode node) : IAsyncDisposable
    {
        public IReadOnlyCollection<Worker.Handlers.JobContext> Calls => node.Get<HandlerCalls>().Calls;

        public T Get<T>()
            where T : notnull => node.Get<T>();

        /// <summary>Creates the job, triggers it once and waits for the execution to finish.</summary>
        public async Task<Execution> RunToEndAsync(JobDefinition definition)
        {
            var job = await TestJobs.CreateAsync(node.Get<JobStore>(), definition);
            var executions = node.Get<ExecutionStore>();
            var id = (await executions.TriggerAsync(job, null, CancellationToken.None)).Id;
            var finished = await Eventually.WaitAsync(() => executions.GetAsync(id, CancellationToken.None),
                e => e!.Status.IsFinal(), "the execution to finish", TimeSpan.FromSeconds(20));
            return finished!;
        }

        public ValueTask DisposeAsync() => node.DisposeAsync();
    }
}
