using Gnomon.Domain.Executions;
using Gnomon.Domain.Stats;
using Gnomon.Store.Stats;
using Gnomon.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Store.Tests.Stats;

public sealed class StatsStoreTests
{
    private static readonly DateTimeOffset Minute = new(2026, 12, 4, 1, 7, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_TwoWritesOfOneNodeAndOneOfAnother_AddsUpEveryCountAndBucket()
    {
        await using var node = TestNode.Create(await TestDatabase.CreateAsync());
        var store = node.Get<StatsStore>();
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await store.AddAsync(a, [Counted(succeeded: 2, lagBucket: 1, backlog: 5)], CancellationToken.None);
        await store.AddAsync(a, [Counted(succeeded: 3, lagBucket: 1, backlog: 9), Counted(succeeded: 1, lagBucket: 0, backlog: null, minute: Minute.AddMinutes(1))], CancellationToken.None);
        await store.AddAsync(b, [Counted(succeeded: 10, lagBucket: 4, backlog: 2)], CancellationToken.None);

        var read = await store.ReadAsync(Minute, Minute.AddMinutes(2), CancellationToken.None);

        Assert.Equal([Minute, Minute.AddMinutes(1)], read.Select(m => m.Minute));
        Assert.Equal((15L, 15L, 9), (read[0].Succeeded, read[0].Failed, read[0].Backlog));
        Assert.Equal([0L, 5, 0, 0, 10], read[0].Lag.Take(5));
        Assert.Equal((1L, (int?)null), (read[1].Succeeded, read[1].Backlog));
    }

    [Fact]
    public async Task ReadAsync_Range_LeavesOutMinutesBeforeAndAtItsEnd()
    {
        await using var node = TestNode.Create(await TestDatabase.CreateAsync());
        var store = node.Get<StatsStore>();
        var id = Guid.CreateVersion7();
        await store.AddAsync(id, [Counted(1, 0, null, Minute.AddMinutes(-1)), Counted(1, 0, null), Counted(1, 0, null, Minute.AddMinutes(1))], CancellationToken.None);

        var read = await store.ReadAsync(Minute, Minute.AddMinutes(1), CancellationToken.None);

        Assert.Equal(Minute, Assert.Single(read).Minute);
    }

    [Fact]
    public async Task DeleteBeforeAsync_Cutoff_DeletesOnlyOlderMinutes()
    {
        await using var node = TestNode.Create(await TestDatabase.CreateAsync());
        var store = node.Get<StatsStore>();
        await store.AddAsync(Guid.CreateVersion7(), [Counted(1, 0, null, Minute.AddMinutes(-1)), Counted(1, 0, null)], CancellationToken.None);

        var deleted = await store.DeleteBeforeAsync(Minute, CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(Minute, Assert.Single(await store.ReadAsync(Minute.AddHours(-1), Minute.AddHours(1), CancellationToken.None)).Minute);
    }

    [Fact]
    public async Task FlushOnceAsync_RecordedCounts_ReachTheTableUnderThisNode()
    {
        var clock = new FakeTimeProvider(Minute.AddSeconds(10));
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString, timeProvider: clock);
        var recorder = node.Get<StatsRecorder>();
        recorder.AttemptEnded(ExecutionStatus.Succeeded, retrying: false);
        recorder.FireStarted(TimeSpan.FromMilliseconds(7));

        Assert.True(await node.Get<StatsFlushService>().FlushOnceAsync(CancellationToken.None));

        var nodeId = node.Get<Nodes.NodeIdentity>().Id;
        Assert.Equal(1, await Sql.ScalarAsync<long>(connectionString, $"select succeeded from gnomon_stats where node_id = '{nodeId}' and minute = '{Minute:O}'"));
        Assert.Empty(recorder.Take());
    }

    [Fact]
    public async Task FlushOnceAsync_DatabaseUnreachable_KeepsTheCountsForTheNextWrite()
    {
        var clock = new FakeTimeProvider(Minute.AddSeconds(10));
        await using var node = TestNode.Create("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2", timeProvider: clock);
        var recorder = node.Get<StatsRecorder>();
        recorder.AttemptEnded(ExecutionStatus.Succeeded, retrying: false);

        Assert.False(await node.Get<StatsFlushService>().FlushOnceAsync(CancellationToken.None));

        Assert.Equal(1, Assert.Single(recorder.Take()).Succeeded);
    }

    private static MinuteStats Counted(long succeeded, int lagBucket, int? backlog, DateTimeOffset? minute = null)
    {
        var stats = new MinuteStats(minute ?? Minute) { Succeeded = succeeded, Failed = succeeded, Backlog = backlog };
        stats.Lag[lagBucket] = succeeded;
        return stats;
    }
}
