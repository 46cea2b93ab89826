using Gnomon.Scheduler.Planning;

namespace Gnomon.Scheduler.Tests.Planning;

public sealed class FireQueueTests
{
    // The queue compares instants only; which day it is does not matter.
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private readonly FireQueue _queue = new();

    [Fact]
    public void TakeDue_JobsSetOutOfOrder_ReturnsThemSoonestFirst()
    {
        var (late, soon, middle) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        _queue.Set(late, T0.AddSeconds(3));
        _queue.Set(soon, T0.AddSeconds(1));
        _queue.Set(middle, T0.AddSeconds(2));

        Assert.Equal([soon, middle, late], _queue.TakeDue(T0.AddSeconds(3), 10));
    }

    [Fact]
    public void TakeDue_FireExactlyAtUntil_IsDueAndOneTickLaterIsNot()
    {
        var (atUntil, justAfter) = (Guid.NewGuid(), Guid.NewGuid());
        _queue.Set(atUntil, T0);
        _queue.Set(justAfter, T0.AddTicks(1));

        Assert.Equal([atUntil], _queue.TakeDue(T0, 10));
        Assert.True(_queue.Contains(justAfter));
        Assert.Equal(T0.AddTicks(1), _queue.PeekNext());
    }

    [Fact]
    public void TakeDue_MoreDueThanMax_TakesMaxSoonestAndLeavesTheRestQueued()
    {
        var jobs = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < jobs.Count; i++)
        {
            _queue.Set(jobs[i], T0.AddSeconds(i));
        }

        var first = _queue.TakeDue(T0.AddMinutes(1), 2);
        var rest = _queue.TakeDue(T0.AddMinutes(1), 10);

        Assert.Equal(jobs[..2], first);
        Assert.Equal(jobs[2..], rest);
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public void TakeDue_MaxZero_TakesNothing()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);

        Assert.Empty(_queue.TakeDue(T0, 0));
        Assert.True(_queue.Contains(job));
    }

    [Fact]
    public void TakeDue_TakenJob_IsNoLongerQueuedUntilSetAgain()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);

        Assert.Equal([job], _queue.TakeDue(T0, 10));
        Assert.False(_queue.Contains(job));
        Assert.Null(_queue.PeekNext());
        Assert.Empty(_queue.TakeDue(T0.AddHours(1), 10));

        _queue.Set(job, T0.AddSeconds(1));
        Assert.Equal([job], _queue.TakeDue(T0.AddSeconds(1), 10));
    }

    [Fact]
    public void Set_JobMovedLater_IsNotDueAtItsOldInstant()
    {
        var (moved, other) = (Guid.NewGuid(), Guid.NewGuid());
        _queue.Set(moved, T0);
        _queue.Set(other, T0.AddSeconds(5));

        _queue.Set(moved, T0.AddSeconds(10));

        Assert.Equal(T0.AddSeconds(5), _queue.PeekNext());
        Assert.Equal([other], _queue.TakeDue(T0.AddSeconds(9), 10));
        Assert.Equal([moved], _queue.TakeDue(T0.AddSeconds(10), 10));
    }

    [Fact]
    public void Set_JobMovedEarlier_IsTakenOnceAtTheNewInstant()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0.AddSeconds(10));

        _queue.Set(job, T0.AddSeconds(1));

        Assert.Equal(1, _queue.Count);
        Assert.Equal(T0.AddSeconds(1), _queue.PeekNext());
        Assert.Equal([job], _queue.TakeDue(T0.AddMinutes(1), 10));
        Assert.Empty(_queue.TakeDue(T0.AddMinutes(1), 10));
    }

    [Fact]
    public void Set_JobMovedAwayAndBack_IsTakenOnce()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);
        _queue.Set(job, T0.AddSeconds(30));
        _queue.Set(job, T0);

        Assert.Equal([job], _queue.TakeDue(T0.AddMinutes(1), 10));
        Assert.Empty(_queue.TakeDue(T0.AddMinutes(1), 10));
    }

    [Fact]
    public void Set_SameInstantTwice_CountsTheJobOnce()
    {
        var job = Guid.NewGuid();

        _queue.Set(job, T0);
        _queue.Set(job, T0);

        Assert.Equal(1, _queue.Count);
        Assert.Equal([job], _queue.TakeDue(T0, 10));
    }

    [Fact]
    public void Set_OneJobMovedThousandsOfTimes_KeepsEveryOtherJobAndOnlyItsLatestInstant()
    {
        // Far more moves than the heap keeps before it compacts itself; the jobs that never moved must survive that.
        var still = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < still.Count; i++)
        {
            _queue.Set(still[i], T0.AddSeconds(100 + i));
        }

        var busy = Guid.NewGuid();
        for (var move = 0; move < 5_000; move++)
        {
            _queue.Set(busy, T0.AddMilliseconds(move));
        }

        _queue.Set(busy, T0.AddSeconds(200));

        Assert.Equal(6, _queue.Count);
        Assert.Equal(T0.AddSeconds(100), _queue.PeekNext());
        Assert.Equal(still, _queue.TakeDue(T0.AddSeconds(199), 100));
        Assert.Equal([busy], _queue.TakeDue(T0.AddSeconds(200), 100));
    }

    [Fact]
    public void Remove_QueuedJob_IsNeitherPeekedNorTaken()
    {
        var (removed, kept) = (Guid.NewGuid(), Guid.NewGuid());
        _queue.Set(removed, T0);
        _queue.Set(kept, T0.AddSeconds(1));

        _queue.Remove(removed);

        Assert.False(_queue.Contains(removed));
        Assert.Equal(1, _queue.Count);
        Assert.Equal(T0.AddSeconds(1), _queue.PeekNext());
        Assert.Equal([kept], _queue.TakeDue(T0.AddSeconds(1), 10));
    }

    [Fact]
    public void Remove_ThenSetAgain_QueuesTheJobAtItsNewInstant()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);
        _queue.Remove(job);

        _queue.Set(job, T0.AddSeconds(2));

        Assert.Empty(_queue.TakeDue(T0.AddSeconds(1), 10));
        Assert.Equal([job], _queue.TakeDue(T0.AddSeconds(2), 10));
    }

    [Fact]
    public void Remove_UnknownJob_ChangesNothing()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);

        _queue.Remove(Guid.NewGuid());

        Assert.Equal(1, _queue.Count);
        Assert.Equal(T0, _queue.PeekNext());
    }

    [Fact]
    public void Clear_QueuedJobs_LeavesAnEmptyQueue()
    {
        _queue.Set(Guid.NewGuid(), T0);
        _queue.Set(Guid.NewGuid(), T0.AddSeconds(1));

        _queue.Clear();

        Assert.Equal(0, _queue.Count);
        Assert.Null(_queue.PeekNext());
        Assert.Empty(_queue.TakeDue(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public void PeekNext_Empty_IsNull()
    {
        Assert.Null(_queue.PeekNext());
    }

    [Fact]
    public void PeekNext_DoesNotTakeTheJob()
    {
        var job = Guid.NewGuid();
        _queue.Set(job, T0);

        Assert.Equal(T0, _queue.PeekNext());
        Assert.Equal(T0, _queue.PeekNext());
        Assert.True(_queue.Contains(job));
    }
}
