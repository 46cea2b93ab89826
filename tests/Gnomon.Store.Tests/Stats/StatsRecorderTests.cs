using Gnomon.Domain.Executions;
using Gnomon.Domain.Stats;
using Gnomon.Store.Stats;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Store.Tests.Stats;

public sealed class StatsRecorderTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 1, 0, 30, TimeSpan.Zero));

    [Fact]
    public void Take_CountsOfTwoMinutes_AreGivenByMinuteOldestFirstAndForgotten()
    {
        var recorder = new StatsRecorder(_clock);
        recorder.AttemptEnded(ExecutionStatus.Succeeded, retrying: false);
        recorder.FireStarted(TimeSpan.FromMilliseconds(3));
        _clock.Advance(TimeSpan.FromMinutes(1));
        recorder.AttemptEnded(ExecutionStatus.Failed, retrying: true);
        recorder.AttemptEnded(ExecutionStatus.TimedOut, retrying: false);
        recorder.AttemptEnded(ExecutionStatus.Cancelled, retrying: false);
        recorder.SlotsSkipped(4);
        recorder.Backlog(12);
        recorder.Backlog(7);

        var taken = recorder.Take();

        Assert.Equal([new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 1, 1, 0, TimeSpan.Zero)], taken.Select(m => m.Minute));
        Assert.Equal((1L, 1L), (taken[0].Succeeded, taken[0].Lag[LagHistogram.BucketOf(TimeSpan.FromMilliseconds(3))]));
        Assert.Equal((0L, 1L, 1L, 1L, 4L, 12), (taken[1].Failed, taken[1].Retrying, taken[1].TimedOut, taken[1].Cancelled, taken[1].Skipped, taken[1].Backlog));
        Assert.Empty(recorder.Take());
    }

    [Fact]
    public void AttemptEnded_StatusThatIsNoAttemptsEnd_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatsRecorder(_clock).AttemptEnded(ExecutionStatus.Pending, retrying: false));
    }

    [Fact]
    public void PutBack_AMinuteCountedSince_AddsUp()
    {
        var recorder = new StatsRecorder(_clock);
        recorder.AttemptEnded(ExecutionStatus.Succeeded, retrying: false);
        var failedWrite = recorder.Take();
        recorder.AttemptEnded(ExecutionStatus.Succeeded, retrying: false);

        recorder.PutBack(failedWrite);

        Assert.Equal(2, Assert.Single(recorder.Take()).Succeeded);
    }

    [Fact]
    public void PutBack_MoreMinutesThanHeld_DropsTheOldest()
    {
        var recorder = new StatsRecorder(_clock);
        var start = MinuteStats.MinuteOf(_clock.GetUtcNow());
        var minutes = Enumerable.Range(0, StatsRecorder.MaxHeldMinutes + 5).Select(i => new MinuteStats(start.AddMinutes(i)) { Succeeded = 1 }).ToList();

        recorder.PutBack(minutes);

        var held = recorder.Take();
        Assert.Equal(StatsRecorder.MaxHeldMinutes, held.Count);
        Assert.Equal(start.AddMinutes(5), held[0].Minute);
    }
}
