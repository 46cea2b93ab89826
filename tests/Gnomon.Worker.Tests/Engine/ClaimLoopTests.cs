using Gnomon.Store.Executions;
using Gnomon.Store.Timing;
using Gnomon.Worker.Engine;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Engine;

public sealed class ClaimLoopTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly HeldExecutions _held = new();
    private readonly List<WorkClaim> _claims = [];
    private readonly WorkerOptions _options = new() { ClaimBatchSize = 50 };

    [Fact]
    public async Task ClaimOnceAsync_AsksForNoMoreThanTheFreeBudget()
    {
        var budget = new QueueBudget(concurrency: 3, prefetch: 80);
        var loop = Loop(budget, _ => []);

        await loop.ClaimOnceAsync(CancellationToken.None);

        var claim = Assert.Single(_claims);
        Assert.Equal((3, 50), (claim.MaxStart, claim.MaxReserve));
    }

    [Fact]
    public async Task ClaimOnceAsync_NoBudgetLeft_DoesNotAskTheDatabase()
    {
        var budget = new QueueBudget(concurrency: 1, prefetch: 0);
        using var busy = await budget.TakeAsync(due: true, CancellationToken.None);
        var loop = Loop(budget, _ => []);

        Assert.False(await loop.ClaimOnceAsync(CancellationToken.None));
        Assert.Empty(_claims);
    }

    [Fact]
    public async Task ClaimOnceAsync_FullClaim_HoldsEveryExecutionWithItsSlotAndAsksToClaimAgain()
    {
        var budget = new QueueBudget(concurrency: 2, prefetch: 1);
        var loop = Loop(budget, claim =>
        [
            .. Enumerable.Range(0, claim.MaxStart).Select(_ => EngineFakes.Claimed(TimeSpan.Zero, _clock.GetUtcNow(), claimedDue: true, startedAttempt: 1)),
            .. Enumerable.Range(0, claim.MaxReserve).Select(_ => EngineFakes.Claimed(TimeSpan.FromMinutes(1), _clock.GetUtcNow())),
        ]);

        var again = await loop.ClaimOnceAsync(CancellationToken.None);

        Assert.True(again);
        Assert.Equal(3, _held.Count);
        Assert.Equal((0, 0), (budget.FreeRunning, budget.FreeAhead));
    }

    [Fact]
    public async Task ClaimOnceAsync_LessThanAskedFor_WaitsForTheNextWakeup()
    {
        var budget = new QueueBudget(concurrency: 2, prefetch: 2);
        var loop = Loop(budget, _ => [EngineFakes.Claimed(TimeSpan.FromMinutes(1), _clock.GetUtcNow())]);

        Assert.False(await loop.ClaimOnceAsync(CancellationToken.None));
        Assert.Equal(1, _held.Count);
    }

    private ClaimLoop Loop(QueueBudget budget, Func<WorkClaim, IReadOnlyList<ClaimedExecution>> claimed)
    {
        // The runner's executor never finishes: these tests look at what the claim holds, not at the work.
        var executor = new EngineFakes.ControlledExecutor();
        var starts = new StartWriter((batch, _) => Task.FromResult<IReadOnlyList<StartedExecution>>([.. batch.Select(e => new StartedExecution(e.Id, true, 1))]), 10, _clock);
        var completions = new CompletionWriter((batch, _) => Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>()), 10, _clock, NullLogger.Instance);
        var runner = new ExecutionRunner(starts, completions, new ExecutorRegistry([executor]), _held, new FireGate(_clock), EngineFakes.Metrics(), TimeSpan.Zero, _ => { }, _clock, NullLogger.Instance);
        return new ClaimLoop((claim, _) =>
        {
            _claims.Add(claim);
            return Task.FromResult(new ClaimedWork(claimed(claim), []));
        }, budget, _held, runner, EngineFakes.Metrics(), new Wakeup(_clock), "default", _options, _clock, NullLogger.Instance);
    }
}
