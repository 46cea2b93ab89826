using Gnomon.Domain.Jobs;
using Npgsql;

namespace Gnomon.Store.Partitions;

/// <summary>Partition leases: how masters split the jobs between them, take over a dead one's share and rebalance.</summary>
/// <remarks>
/// Each master calls <see cref="TickAsync"/> about once a second. One tick, in one transaction: renew its
/// membership and its leases, take free partitions up to its fair share — and beyond it what no other member
/// lacks, since an orphan partition is one whose fires are being missed — then give back what it holds above
/// its fair share when another live master is below its own. The fair share: the partition count over the live
/// members, the remainder going to the lowest node ids. Membership and leases are renewed with the same
/// <c>now()</c>, so a dead master's share and its membership lapse at the same instant. Only the database's
/// clock decides expiry.
/// </remarks>
public sealed class PartitionLeaseStore(NpgsqlDataSource dataSource)
{
    private const string JoinSql = """
        insert into gnomon_scheduler_members (node_id, expires_at) values ($1, now() + $2)
        on conflict (node_id) do update set expires_at = excluded.expires_at
        """;

    private const string RenewSql = """
        update gnomon_partition_leases set expires_at = now() + $2
        where owner_id = $1 and expires_at > now()
        returning partition, epoch
        """;

    private const string TakeFreeSql = """
        update gnomon_partition_leases l set owner_id = $1, epoch = l.epoch + 1, expires_at = now() + $2, acquired_at = now()
        where l.partition in (
            select partition from gnomon_partition_leases
            where owner_id is null or expires_at is null or expires_at <= now()
            order by partition
            limit $3
            for update skip locked)
        returning l.partition, l.epoch
        """;

    // Members and what each holds now, members in node-id order (the order the remainder is shared out in).
    private const string HoldingsSql = """
        select m.node_id, (select count(*) from gnomon_partition_leases l where l.owner_id = m.node_id and l.expires_at > now())::int
        from gnomon_scheduler_members m
        where m.expires_at > now()
        order by m.node_id
        """;

    // Free partitions, and how soon the first lease of another master lapses if it is not renewed.
    private const string FreeCountSql = """
        select count(*) filter (where owner_id is null or expires_at is null or expires_at <= now())::int,
            min(expires_at - now()) filter (where owner_id <> $1 and expires_at > now())
        from gnomon_partition_leases
        """;

    private const string ReleaseSql = """
        update gnomon_partition_leases set owner_id = null, expires_at = null
        where owner_id = $1 and partition = any($2)
        """;

    private const string LeaveSql = """
        with released as (
            update gnomon_partition_leases set owner_id = null, expires_at = null where owner_id = $1)
        delete from gnomon_scheduler_members where node_id = $1
        """;

    private const string ForgetMembersSql = "delete from gnomon_scheduler_members where expires_at < now() - interval '1 hour'";

    /// <summary>Renews, takes and gives back leases for <paramref name="owner"/>; returns the leases it holds afterwards.</summary>
    public async Task<PartitionTick> TickAsync(Guid owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(JoinSql).With(owner).With(ttl));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ForgetMembersSql));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        var held = new Dictionary<int, long>();
        await ReadLeasesAsync(new NpgsqlCommand(RenewSql, connection, transaction).With(owner).With(ttl), held, cancellationToken);

        var members = new List<(Guid Node, int Holds)>();
        await using (var holdings = new NpgsqlCommand(HoldingsSql, connection, transaction))
        await using (var reader = await holdings.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                members.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }

        int free;
        TimeSpan? nextForeignExpiry;
        await using (var count = new NpgsqlCommand(FreeCountSql, connection, transaction).With(owner))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            free = reader.GetInt32(0);
            nextForeignExpiry = reader.IsDBNull(1) ? null : reader.GetTimeSpan(1);
        }

        var take = ToTake(owner, held.Count, free, members);
        if (take > 0)
        {
            await ReadLeasesAsync(new NpgsqlCommand(TakeFreeSql, connection, transaction).With(owner).With(ttl).With(take), held, cancellationToken);
        }

        // Holdings as they are now that this member has taken its part.
        var after = members.Select(m => m.Node == owner ? (m.Node, held.Count) : m).ToList();
        var excess = Excess(owner, held.Count, after);
        if (excess > 0)
        {
            // The highest partitions go: which ones does not matter, only that the choice is stable.
            var release = held.Keys.Order().TakeLast(excess).ToArray();
            await using var command = new NpgsqlCommand(ReleaseSql, connection, transaction).With(owner).With(release.Select(p => (short)p).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            foreach (var partition in release)
            {
                held.Remove(partition);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new PartitionTick([.. held.OrderBy(h => h.Key).Select(h => new PartitionLease(h.Key, h.Value))], nextForeignExpiry);
    }

    /// <summary>Gives back every lease of <paramref name="owner"/> and leaves the split, for a clean stop: the others take over at once.</summary>
    public async Task LeaveAsync(Guid owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LeaveSql).With(owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every partition with its holder (null when free or expired), for operators and tests.</summary>
    public async Task<IReadOnlyDictionary<int, Guid?>> ListOwnersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select partition, case when expires_at > now() then owner_id end from gnomon_partition_leases order by partition");
        var owners = new Dictionary<int, Guid?>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners[reader.GetInt16(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        }

        return owners;
    }

    /// <summary>The fair share of the member at <paramref name="rank"/> (0-based, in node-id order) of <paramref name="members"/>.</summary>
    public static int FairShare(int rank, int members) =>
        (JobLimits.PartitionCount / members) + (rank < JobLimits.PartitionCount % members ? 1 : 0);

    /// <summary>How many free partitions to take: up to the fair share, and beyond it those no other member lacks.</summary>
    internal static int ToTake(Guid owner, int held, int free, IReadOnlyList<(Guid Node, int Holds)> members)
    {
        var rank = members.ToList().FindIndex(m => m.Node == owner);
        if (rank < 0)
        {
            return free;
        }

        var lacking = Math.Max(0, FairShare(rank, members.Count) - held);
        var othersLacking = OthersLacking(owner, members);
        return Math.Min(free, lacking + Math.Max(0, free - lacking - othersLacking));
    }

    /// <summary>How many partitions to give back: what is held above the fair share, but no more than the others lack.</summary>
    internal static int Excess(Guid owner, int held, IReadOnlyList<(Guid Node, int Holds)> members)
    {
        var rank = members.ToList().FindIndex(m => m.Node == owner);
        if (rank < 0 || members.Count < 2)
        {
            return 0;
        }

        var over = held - FairShare(rank, members.Count);
        return Math.Max(0, Math.Min(over, OthersLacking(owner, members)));
    }

    private static int OthersLacking(Guid owner, IReadOnlyList<(Guid Node, int Holds)> members) =>
        members.Select((m, i) => m.Node == owner ? 0 : Math.Max(0, FairShare(i, members.Count) - m.Holds)).Sum();

    private static async Task ReadLeasesAsync(NpgsqlCommand command, Dictionary<int, long> held, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                held[reader.GetInt16(0)] = reader.GetInt64(1);
            }
        }
    }
}
