using Gnomon.Domain.Jobs;
using Gnomon.Store.Partitions;
using Gnomon.Testing;

namespace Gnomon.Store.Tests.Partitions;

public sealed class PartitionLeaseStoreTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Schema_HasOneLeaseRowPerPartition()
    {
        var connectionString = await TestDatabase.CreateAsync();

        var partitions = await Sql.QueryAsync(connectionString, "select partition from gnomon_partition_leases order by partition", r => (int)r.GetInt16(0));

        Assert.Equal(Enumerable.Range(0, JobLimits.PartitionCount), partitions);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(100)]
    public void FairShare_AnyMemberCount_SharesEveryPartitionAndDiffersByAtMostOne(int members)
    {
        var shares = Enumerable.Range(0, members).Select(rank => PartitionLeaseStore.FairShare(rank, members)).ToList();

        Assert.Equal(JobLimits.PartitionCount, shares.Sum());
        Assert.True(shares.Max() - shares.Min() <= 1);
    }

    [Fact]
    public async Task TickAsync_LoneMaster_TakesEveryPartition()
    {
        var (store, _) = await CreateAsync();
        var master = Guid.CreateVersion7();

        var held = (await store.TickAsync(master, Ttl, CancellationToken.None)).Held;

        Assert.Equal(Enumerable.Range(0, JobLimits.PartitionCount), held.Select(l => l.Partition));
        Assert.All(held, l => Assert.Equal(1, l.Epoch));
        Assert.All((await store.ListOwnersAsync(CancellationToken.None)).Values, owner => Assert.Equal(master, owner));
    }

    [Fact]
    public async Task TickAsync_Again_RenewsWithoutChangingEpochs()
    {
        var (store, _) = await CreateAsync();
        var master = Guid.CreateVersion7();
        var first = (await store.TickAsync(master, Ttl, CancellationToken.None)).Held;

        var second = (await store.TickAsync(master, Ttl, CancellationToken.None)).Held;

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task TickAsync_SecondMasterJoins_SplitsEvenlyWithoutOverlap()
    {
        var (store, _) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        await store.TickAsync(masters[0], Ttl, CancellationToken.None);

        var held = await TickUntilStableAsync(store, masters);

        Assert.Equal([32, 32], masters.Select(m => held[m].Count));
        Assert.Empty(held[masters[0]].Select(l => l.Partition).Intersect(held[masters[1]].Select(l => l.Partition)));
        await AssertTableMatchesAsync(store, held);
    }

    [Fact]
    public async Task TickAsync_ThirdMasterJoins_RebalancesTo22_21_21()
    {
        var (store, _) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        await TickUntilStableAsync(store, masters);
        var all = masters.Append(Guid.CreateVersion7()).ToArray();

        var held = await TickUntilStableAsync(store, all);

        Assert.Equal([22, 21, 21], all.Order().Select(m => held[m].Count));
        await AssertTableMatchesAsync(store, held);
    }

    [Fact]
    public async Task TickAsync_MasterStopsRenewing_SurvivorTakesItsShareWithNewEpochs()
    {
        var (store, connectionString) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        var before = await TickUntilStableAsync(store, masters);
        // The first master dies: its membership and its leases lapse together, as they were renewed together.
        await Sql.ExecuteAsync(connectionString, "update gnomon_partition_leases set expires_at = now() - interval '1 millisecond' where owner_id = $1", masters[0]);
        await Sql.ExecuteAsync(connectionString, "update gnomon_scheduler_members set expires_at = now() - interval '1 millisecond' where node_id = $1", masters[0]);

        var held = (await store.TickAsync(masters[1], Ttl, CancellationToken.None)).Held;

        Assert.Equal(JobLimits.PartitionCount, held.Count);
        var takenOver = held.Where(l => before[masters[0]].Any(b => b.Partition == l.Partition)).ToList();
        Assert.Equal(32, takenOver.Count);
        Assert.All(takenOver, l => Assert.Equal(before[masters[0]].Single(b => b.Partition == l.Partition).Epoch + 1, l.Epoch));
    }

    [Fact]
    public async Task TickAsync_AnotherMasterHoldsLeases_ReportsWhenTheyLapse()
    {
        var (store, _) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        await TickUntilStableAsync(store, masters);

        var alone = await store.TickAsync(Guid.CreateVersion7(), Ttl, CancellationToken.None);
        var lapse = alone.NextForeignExpiry;

        Assert.NotNull(lapse);
        Assert.InRange(lapse.Value, Ttl - TimeSpan.FromSeconds(30), Ttl);
        var lone = Guid.CreateVersion7();
        var (soloStore, _) = await CreateAsync();
        Assert.Null((await soloStore.TickAsync(lone, Ttl, CancellationToken.None)).NextForeignExpiry);
    }

    [Fact]
    public async Task LeaveAsync_CleanStop_OthersTakeOverAtTheirNextTick()
    {
        var (store, _) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        await TickUntilStableAsync(store, masters);

        await store.LeaveAsync(masters[0], CancellationToken.None);
        var held = (await store.TickAsync(masters[1], Ttl, CancellationToken.None)).Held;

        Assert.Equal(JobLimits.PartitionCount, held.Count);
    }

    [Fact]
    public async Task TickAsync_ThreeMastersStartingAtOnce_EndBalancedWithEveryPartitionHeldOnce()
    {
        var (store, _) = await CreateAsync();
        var masters = new[] { Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7() };

        var held = new Dictionary<Guid, IReadOnlyList<PartitionLease>>();
        for (var round = 0; round < 6; round++)
        {
            var ticks = await Task.WhenAll(masters.Select(m => Task.Run(async () => (await store.TickAsync(m, Ttl, CancellationToken.None)).Held)));
            for (var i = 0; i < masters.Length; i++)
            {
                held[masters[i]] = ticks[i];
            }
        }

        Assert.Equal([22, 21, 21], masters.Order().Select(m => held[m].Count));
        await AssertTableMatchesAsync(store, held);
    }

    private static async Task<(PartitionLeaseStore Store, string ConnectionString)> CreateAsync()
    {
        var connectionString = await TestDatabase.CreateAsync();
        var node = TestNode.Create(connectionString);
        return (node.Get<PartitionLeaseStore>(), connectionString);
    }

    /// <summary>Ticks the masters in turn until a whole round changes nothing (at most ten rounds).</summary>
    private static async Task<Dictionary<Guid, IReadOnlyList<PartitionLease>>> TickUntilStableAsync(PartitionLeaseStore store, IReadOnlyList<Guid> masters)
    {
        var held = new Dictionary<Guid, IReadOnlyList<PartitionLease>>();
        for (var round = 0; round < 10; round++)
        {
            var changed = false;
            foreach (var master in masters)
            {
                var now = (await store.TickAsync(master, Ttl, CancellationToken.None)).Held;
                changed |= !held.TryGetValue(master, out var before) || !before.SequenceEqual(now);
                held[master] = now;
            }

            if (!changed)
            {
                return held;
            }
        }

        Assert.Fail("the split did not settle within ten rounds");
        return held;
    }

    private static async Task AssertTableMatchesAsync(PartitionLeaseStore store, Dictionary<Guid, IReadOnlyList<PartitionLease>> held)
    {
        var owners = await store.ListOwnersAsync(CancellationToken.None);
        var expected = held.SelectMany(h => h.Value.Select(l => (l.Partition, Owner: h.Key))).OrderBy(x => x.Partition).ToList();
        Assert.Equal(Enumerable.Range(0, JobLimits.PartitionCount), expected.Select(x => x.Partition));
        Assert.Equal(expected.Select(x => (Guid?)x.Owner), expected.Select(x => owners[x.Partition]));
    }
}
