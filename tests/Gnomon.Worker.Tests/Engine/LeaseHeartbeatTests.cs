using Gnomon.Store.Executions;
using Gnomon.Worker.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Engine;

public sealed class LeaseHeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _clock = new();
    private readonly HeldExecutions _held = new();
    private readonly QueueBudget _budget = new(10, 10);

    [Fact]
    public async Task BeatAsync_StartedExecutionMissingFromTheRenewal_IsStoppedAsLeaseLost()
    {
        var kept = await HoldAsync(started: true);
        var lost = await HoldAsync(started: true);
        _clock.Advance(Interval);
        var heartbeat = Heartbeat((_, _) => Task.FromResult<IReadOnlyList<LeaseRenewal>>([new LeaseRenewal(kept.Execution.Id, false)]));

        await heartbeat.BeatAsync(CancellationToken.None);

        Assert.Equal(CancelReason.None, kept.Running.Reason);
        Assert.Equal(CancelReason.LeaseLost, lost.Running.Reason);
    }

    [Fact]
    public async Task BeatAsync_CancelRequested_StopsTheExecution()
    {
        var execution = await HoldAsync(started: true);
        _clock.Advance(Interval);
        var heartbeat = Heartbeat((_, _) => Task.FromResult<IReadOnlyList<LeaseRenewal>>([new LeaseRenewal(execution.Execution.Id, true)]));

        await heartbeat.BeatAsync(CancellationToken.None);

        Assert.Equal(CancelReason.Requested, execution.Running.Reason);
    }

    [Fact]
    public async Task BeatAsync_NotStartedOrClaimedWhileTheRenewalWasOnItsWay_IsNotJudged()
    {
        var notStarted = await HoldAsync(started: false);
        _clock.Advance(Interval);
        HeldExecution? newer = null;
        var heartbeat = Heartbeat(async (_, _) =>
        {
            // Claimed while the renewal was on its way: the answer cannot know it.
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            newer = await HoldAsync(started: true);
            return [];
        });

        await heartbeat.BeatAsync(CancellationToken.None);

        Assert.Equal(CancelReason.None, notStarted.Running.Reason);
        Assert.Equal(CancelReason.None, newer!.Running.Reason);
    }

    [Fact]
    public async Task BeatAsync_LeaseWrittenLessThanAnIntervalAgo_IsLeftForTheNextBeat()
    {
        var old = await HoldAsync(started: true);
        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var fresh = await HoldAsync(started: true);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var sent = new List<IReadOnlyCollection<Guid>>();
        var heartbeat = Heartbeat((ids, _) =>
        {
            sent.Add(ids);
            return Task.FromResult<IReadOnlyList<LeaseRenewal>>([.. ids.Select(id => new LeaseRenewal(id, false))]);
        });

        await heartbeat.BeatAsync(CancellationToken.None);
        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        await heartbeat.BeatAsync(CancellationToken.None);

        // The first beat renews only the older lease, which then is fresh too; the next renews the other.
        Assert.Equal([[old.Execution.Id], [fresh.Execution.Id]], sent.Select(ids => ids.ToList()));
        Assert.Equal(CancelReason.None, fresh.Running.Reason);
    }

    [Fact]
    public async Task BeatAsync_StartWrittenLessThanAnIntervalAgo_CountsAsAFreshLease()
    {
        var execution = await HoldAsync(started: false);
        _clock.Advance(Interval);
        execution.LeaseWritten(_clock.GetTimestamp());
        execution.MarkStarted(1);
        var calls = 0;
        var heartbeat = Heartbeat((_, _) =>
        {
            calls++;
            return Task.FromResult<IReadOnlyList<LeaseRenewal>>([]);
        });

        await heartbeat.BeatAsync(CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Equal(CancelReason.None, execution.Running.Reason);
    }

    [Fact]
    public async Task RunAsync_RenewalFails_RenewsAgainAtTheNextInterval()
    {
        await HoldAsync(started: true);
        var calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heartbeat = Heartbeat((ids, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new TimeoutException("the database did not answer");
            }

            second.TrySetResult();
            return Task.FromResult<IReadOnlyList<LeaseRenewal>>([]);
        });
        using var stop = new CancellationTokenSource();

        var running = heartbeat.RunAsync(stop.Token);
        await EngineFakes.AdvanceUntilAsync(_clock, () => second.Task.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running;

        Assert.Equal(2, calls);
    }

    private LeaseHeartbeat Heartbeat(Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlyList<LeaseRenewal>>> renew) =>
        new(renew, _held, Interval, _clock, NullLogger.Instance);

    private async Task<HeldExecution> HoldAsync(bool started)
    {
        var slot = await _budget.TakeAsync(due: true, CancellationToken.None);
        var held = new HeldExecution(EngineFakes.Claimed(TimeSpan.Zero, _clock.GetUtcNow()), _clock.GetTimestamp(), slot);
        if (started)
        {
            held.MarkStarted(1);
        }

        _held.Add(held);
        return held;
    }
}
