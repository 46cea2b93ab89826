using Gnomon.Domain.Executions;
using Gnomon.Domain.Retries;
using Gnomon.Store.Executions;
using Gnomon.Worker.Engine;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Engine;

public sealed class ExecutionRunnerTests : IAsyncDisposable
{
    private static readonly TimeSpan StartLead = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly HeldExecutions _held = new();
    private readonly FireGate _gate;
    private readonly QueueBudget _budget = new(concurrency: 2, prefetch: 4);
    private readonly List<CompletedAttempt> _completed = [];
    private readonly List<TimeSpan> _retries = [];
    private readonly CancellationTokenSource _writers = new();
    private readonly EngineFakes.ControlledExecutor _executor;
    private readonly StartWriter _starts;
    private readonly CompletionWriter _completions;
    private readonly Task _writing;
    private DateTimeOffset? _startWrittenAt;
    private bool _startAccepted = true;
    private Task _completionsAnswer = Task.CompletedTask;

    public ExecutionRunnerTests()
    {
        _gate = new FireGate(_clock);
        _executor = new EngineFakes.ControlledExecutor { Clock = _clock };
        _starts = new StartWriter((batch, _) =>
        {
            _startWrittenAt = _clock.GetUtcNow();
            return Task.FromResult<IReadOnlyList<StartedExecution>>([.. batch.Select(e => new StartedExecution(e.Id, _startAccepted, 1))]);
        }, 100, _clock);
        _completions = new CompletionWriter(async (batch, _) =>
        {
            await _completionsAnswer;
            lock (_completed)
            {
                _completed.AddRange(batch);
            }

            return batch.Select(c => c.Id).ToHashSet();
        }, 100, _clock, NullLogger.Instance);
        _writing = Task.WhenAll(_starts.RunAsync(_writers.Token), _completions.RunAsync(_writers.Token));
    }

    [Fact]
    public async Task RunAsync_HeldAhead_WritesTheStartAtTheLeadAndRunsOnTheInstant()
    {
        var execution = EngineFakes.Claimed(TimeSpan.FromSeconds(2), _clock.GetUtcNow());
        var run = await RunAsync(execution);

        await EngineFakes.AdvanceUntilAsync(_clock, () => _executor.Called.IsCompleted, Step, TimeSpan.FromSeconds(3));
        _executor.Outcome.SetResult(new ExecutionOutcome(true, null, "done", null));
        await run;

        Assert.InRange(_startWrittenAt!.Value, execution.DueAt - StartLead, execution.DueAt - StartLead + Step);
        Assert.InRange(_executor.CalledAt!.Value, execution.DueAt, execution.DueAt + Step);
        var completion = Assert.Single(_completed);
        Assert.Equal((execution.Id, 1, ExecutionStatus.Succeeded, "done"), (completion.Id, completion.Attempt, completion.Status, completion.Output));
        AssertEverythingGivenBack();
    }

    [Fact]
    public async Task RunAsync_ClaimAnsweredLate_StartsTheWorkOnTheSlotsInstantByThisClock()
    {
        // The database read its clock 5 ms before the claim came back (its commit, the trip): counted from the answer,
        // the timer would start the work 5 ms late.
        var execution = EngineFakes.Claimed(TimeSpan.FromSeconds(1), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        var run = await RunAsync(execution);
        await EngineFakes.AdvanceUntilAsync(_clock, () => _startWrittenAt is not null, Step, TimeSpan.FromSeconds(1));

        AdvanceTo(execution.DueAt - TimeSpan.FromTicks(1));
        Assert.False(_executor.Called.IsCompleted);
        AdvanceTo(execution.DueAt);
        await _executor.Called.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(execution.DueAt, _executor.CalledAt);
        _executor.Outcome.SetResult(new ExecutionOutcome(true, null, null, null));
        await run;
    }

    [Fact]
    public async Task RunAsync_ClocksDisagreeByMoreThanTheCap_StartsByTheDatabasesClock()
    {
        // Due in 1 s by the database, yet its instant is 500 ms off by this machine's clock: the database wins.
        var now = _clock.GetUtcNow();
        var execution = EngineFakes.Claimed(TimeSpan.FromSeconds(1), now) with { DueAt = now.AddMilliseconds(500) };
        var run = await RunAsync(execution);
        await EngineFakes.AdvanceUntilAsync(_clock, () => _startWrittenAt is not null, Step, TimeSpan.FromSeconds(1));

        AdvanceTo(now.AddSeconds(1) - TimeSpan.FromTicks(1));
        Assert.False(_executor.Called.IsCompleted);
        AdvanceTo(now.AddSeconds(1));
        await _executor.Called.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(now.AddSeconds(1), _executor.CalledAt);
        _executor.Outcome.SetResult(new ExecutionOutcome(true, null, null, null));
        await run;
    }

    [Fact]
    public async Task RunAsync_WorkOutlastsItsTimeout_RecordsTimedOutWithTheNextAttemptsDelay()
    {
        var retry = new RetryPolicy(3, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1));
        var execution = EngineFakes.Claimed(TimeSpan.Zero, _clock.GetUtcNow(), claimedDue: true, startedAttempt: 1, timeout: TimeSpan.FromSeconds(1), retry: retry);
        var run = await RunAsync(execution);

        await EngineFakes.AdvanceUntilAsync(_clock, () => run.IsCompleted, Step, TimeSpan.FromSeconds(2));

        var completion = Assert.Single(_completed);
        Assert.Equal(ExecutionStatus.TimedOut, completion.Status);
        Assert.Equal("timed out after 1 s (timeoutSeconds)", completion.Error);
        Assert.InRange(completion.RetryAfter!.Value, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.Equal(completion.RetryAfter.Value, Assert.Single(_retries));
        AssertEverythingGivenBack();
    }

    [Fact]
    public async Task RunAsync_StartRefused_RunsNothingAndGivesItsSlotBack()
    {
        // Skipped, cancelled or taken back between the claim and the start.
        _startAccepted = false;
        var run = await RunAsync(EngineFakes.Claimed(TimeSpan.FromMilliseconds(500), _clock.GetUtcNow()));

        await EngineFakes.AdvanceUntilAsync(_clock, () => run.IsCompleted, Step, TimeSpan.FromSeconds(1));

        Assert.False(_executor.Called.IsCompleted);
        Assert.Empty(_completed);
        AssertEverythingGivenBack();
    }

    [Fact]
    public async Task RunAsync_WorkDoneButNotYetRecorded_GivesItsRunningSlotToTheNextWhileHoldingARecordingSlot()
    {
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _completionsAnswer = slow.Task;
        var run = await RunAsync(EngineFakes.Claimed(TimeSpan.Zero, _clock.GetUtcNow(), claimedDue: true, startedAttempt: 1));
        await _executor.Called;

        _executor.Outcome.SetResult(new ExecutionOutcome(true, null, null, null));
        await EngineFakes.AdvanceUntilAsync(_clock, () => _budget.FreeRecording == 5, Step, TimeSpan.FromSeconds(1));

        Assert.False(run.IsCompleted);
        Assert.Equal(2, _budget.FreeRunning);
        slow.SetResult();
        await run;
        AssertEverythingGivenBack();
    }

    public async ValueTask DisposeAsync()
    {
        await _writers.CancelAsync();
        await _writing;
        _writers.Dispose();
        _gate.Dispose();
    }

    private async Task<Task> RunAsync(ClaimedExecution execution)
    {
        var runner = new ExecutionRunner(_starts, _completions, new ExecutorRegistry([_executor]), _held, _gate, EngineFakes.Metrics(), StartLead,
            _retries.Add, _clock, NullLogger.Instance);
        var slot = await _budget.TakeAsync(execution.ClaimedDue, CancellationToken.None);
        var held = new HeldExecution(execution, _clock.GetTimestamp(), slot);
        _held.Add(held);
        return runner.RunAsync(held, () => { });
    }

    /// <summary>Moves the fake clock to <paramref name="instant"/>; the gate lets the work through on the advancing thread.</summary>
    private void AdvanceTo(DateTimeOffset instant) => _clock.Advance(instant - _clock.GetUtcNow());

    private void AssertEverythingGivenBack()
    {
        Assert.Equal(0, _held.Count);
        Assert.Equal((2, 4, 6), (_budget.FreeRunning, _budget.FreeAhead, _budget.FreeRecording));
    }
}
