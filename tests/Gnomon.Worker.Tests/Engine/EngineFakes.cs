using System.Diagnostics.Metrics;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Store.Executions;
using Gnomon.Store.Stats;
using Gnomon.Worker.Engine;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>What the worker's parts are built from in unit tests: claimed executions, an executor under the test's control, a fake clock that is moved on.</summary>
internal static class EngineFakes
{
    public static ClaimedExecution Claimed(TimeSpan dueIn, DateTimeOffset now, bool claimedDue = false, int startedAttempt = 0, TimeSpan? timeout = null, RetryPolicy? retry = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "job", ExecutionTrigger.Schedule, now + dueIn, now + dueIn, dueIn, 0, retry?.MaxAttempts ?? 1, 0, "default",
            new HandlerExecutorSpec { Handler = "test" }, null, timeout ?? TimeSpan.FromMinutes(1), retry ?? RetryPolicy.Default, ConcurrencyPolicy.Allow,
            startedAttempt, claimedDue);

    public static WorkerMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), new StatsRecorder(TimeProvider.System));

    /// <summary>
    /// Moves the fake clock on in steps until <paramref name="done"/> holds, letting the continuations of each step run
    /// in between; fails once <paramref name="limit"/> of fake time has passed.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        for (var idle = 0; !done(); idle++)
        {
            // Continuations run on the thread pool; give them a real moment before judging or moving time again.
            await Task.Delay(1);
            if (idle % 5 != 4)
            {
                continue;
            }

            Assert.True(advanced < limit, $"the condition did not hold within {limit} of fake time");
            clock.Advance(step);
            advanced += step;
        }
    }

    /// <summary>An executor whose attempts end when the test says so.</summary>
    internal sealed class ControlledExecutor : IExecutor
    {
        private readonly TaskCompletionSource<ExecutionRequest> _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Type => HandlerExecutorSpec.TypeName;

        public TaskCompletionSource<ExecutionOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ExecutionRequest> Called => _called.Task;

        public DateTimeOffset? CalledAt { get; private set; }

        public TimeProvider? Clock { get; init; }

        public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
        {
            CalledAt = Clock?.GetUtcNow();
            _called.TrySetResult(request);
            return await Outcome.Task.WaitAsync(cancellationToken);
        }
    }
}
