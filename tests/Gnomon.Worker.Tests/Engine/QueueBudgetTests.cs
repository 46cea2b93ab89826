using Gnomon.Worker.Engine;

namespace Gnomon.Worker.Tests.Engine;

public sealed class QueueBudgetTests
{
    [Fact]
    public async Task TakeAsync_ClaimedDue_TakesARunningSlot()
    {
        var budget = new QueueBudget(concurrency: 2, prefetch: 3);

        using var slot = await budget.TakeAsync(due: true, CancellationToken.None);

        Assert.True(slot.IsRunning);
        Assert.Equal(1, budget.FreeRunning);
        Assert.Equal(3, budget.FreeAhead);
    }

    [Fact]
    public async Task TakeAsync_ClaimedAhead_TakesAHeldAheadSlot()
    {
        var budget = new QueueBudget(concurrency: 2, prefetch: 3);

        using var slot = await budget.TakeAsync(due: false, CancellationToken.None);

        Assert.False(slot.IsRunning);
        Assert.Equal(2, budget.FreeRunning);
        Assert.Equal(2, budget.FreeAhead);
    }

    [Fact]
    public async Task TakeRunningAsync_NoRunningSlotFree_KeepsTheHeldAheadSlotUntilOneIs()
    {
        // The overload found from outside: an execution marked running gave its held-ahead slot back before it had a
        // running one, so a worker behind its queue kept claiming more and held tens of thousands.
        var budget = new QueueBudget(concurrency: 1, prefetch: 2);
        var busy = await budget.TakeAsync(due: true, CancellationToken.None);
        using var waiting = await budget.TakeAsync(due: false, CancellationToken.None);

        var promotion = waiting.TakeRunningAsync(CancellationToken.None);

        Assert.False(promotion.IsCompleted);
        Assert.Equal(1, budget.FreeAhead);
        busy.Dispose();
        await promotion;
        Assert.True(waiting.IsRunning);
        Assert.Equal(0, budget.FreeRunning);
        Assert.Equal(2, budget.FreeAhead);
    }

    [Fact]
    public async Task StartRecordingAsync_AsManyWaitingToBeRecordedAsTheQueueMayHold_KeepsTheRunningSlot()
    {
        // A database slow to take completions must slow the claims down, not let finished work pile up as "running".
        var budget = new QueueBudget(concurrency: 1, prefetch: 0);
        var first = await budget.TakeAsync(due: true, CancellationToken.None);
        await first.StartRecordingAsync(CancellationToken.None);
        using var second = await budget.TakeAsync(due: true, CancellationToken.None);

        var recording = second.StartRecordingAsync(CancellationToken.None);

        Assert.False(recording.IsCompleted);
        Assert.Equal((0, 0), (budget.FreeRunning, budget.FreeRecording));
        first.Dispose();
        await recording;
        Assert.Equal((1, 0), (budget.FreeRunning, budget.FreeRecording));
    }

    [Fact]
    public async Task StartRecordingAsync_EveryHeldExecutionFinishedTogether_AllGiveTheirRunningSlotsBack()
    {
        // A thousand executions due on one instant finish together: with recording slots only for the concurrency,
        // they ran in waves, each waiting for the last one's completion write.
        var budget = new QueueBudget(concurrency: 2, prefetch: 3);
        var finished = new List<QueueBudget.BudgetSlot>();
        for (var i = 0; i < 5; i++)
        {
            var slot = await budget.TakeAsync(due: true, CancellationToken.None);
            await slot.StartRecordingAsync(CancellationToken.None);
            finished.Add(slot);
        }

        Assert.Equal((2, 0), (budget.FreeRunning, budget.FreeRecording));
        finished.ForEach(s => s.Dispose());
        Assert.Equal(5, budget.FreeRecording);
    }

    [Fact]
    public async Task Dispose_Twice_GivesTheSlotBackOnce()
    {
        var budget = new QueueBudget(concurrency: 2, prefetch: 1);
        var slot = await budget.TakeAsync(due: true, CancellationToken.None);

        slot.Dispose();
        slot.Dispose();

        Assert.Equal(2, budget.FreeRunning);
        Assert.Equal(1, budget.FreeAhead);
    }

    [Fact]
    public async Task TakeRunningAsync_Cancelled_KeepsOnlyTheHeldAheadSlot()
    {
        var budget = new QueueBudget(concurrency: 1, prefetch: 1);
        using var busy = await budget.TakeAsync(due: true, CancellationToken.None);
        var waiting = await budget.TakeAsync(due: false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var promotion = waiting.TakeRunningAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => promotion);
        waiting.Dispose();
        Assert.Equal(1, budget.FreeAhead);
        Assert.Equal(0, budget.FreeRunning);
    }
}
