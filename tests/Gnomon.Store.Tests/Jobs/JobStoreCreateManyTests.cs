using Gnomon.Domain.Schedules;
using Gnomon.Store.Jobs;
using Gnomon.Store.Notifications;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Jobs;

/// <summary>The bulk insert behind batch creates: all or nothing, every conflict reported, few notifications.</summary>
public sealed class JobStoreCreateManyTests
{
    [Fact]
    public async Task CreateManyAsync_NewNames_CreatesAllInOrderAndNotifiesTheirIdsInChunks()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var store = node.Get<JobStore>();
        var first = TimeProvider.System.GetUtcNow().AddHours(1);
        var jobs = Enumerable.Range(0, 450)
            .Select(i => new NewJob(Guid.CreateVersion7(), TestJobs.Definition($"bulk-{i}") with { Payload = TestJobs.Json("""{"b": 1, "a": 1e2}""") }, i % 2 == 0 ? first : null))
            .ToList();
        await using var listener = await ListenAsync(connectionString);

        var result = await store.CreateManyAsync(jobs, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(jobs.Select(j => j.Id), result.Created.Select(j => j.Id));
        for (var i = 0; i < jobs.Count; i++)
        {
            var stored = await store.GetAsync(jobs[i].Id, CancellationToken.None);
            Assert.NotNull(stored);
            // What the create returns is what a later read returns (the payload as jsonb normalised it).
            Assert.Equal(stored.Definition.Payload!.Value.GetRawText(), result.Created[i].Definition.Payload!.Value.GetRawText());
            Assert.Equal(stored.Definition.Name, result.Created[i].Definition.Name);
            Assert.Equal(stored.NextFireAt, result.Created[i].NextFireAt);
            Assert.Equal(stored.CreatedAt, result.Created[i].CreatedAt);
            Assert.Equal(1, result.Created[i].Version);
        }

        var payloads = await listener.WaitForAsync(p => p.SelectMany(Ids).Count() >= jobs.Count);
        Assert.Equal(3, payloads.Count);
        Assert.All(payloads, p => Assert.True(Ids(p).Count() <= Channels.MaxJobIdsPerNotification));
        Assert.Equal(jobs.Select(j => j.Id).Order(), payloads.SelectMany(Ids).Order());
    }

    [Fact]
    public async Task CreateManyAsync_NamesTakenOrRepeated_CreatesNoneAndReportsEveryConflict()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var store = node.Get<JobStore>();
        await TestJobs.CreateAsync(store, TestJobs.Definition("taken"));
        var jobs = new[] { "a", "taken", "b", "a", "c" }.Select(n => new NewJob(Guid.CreateVersion7(), TestJobs.Definition(n), null)).ToList();

        var result = await store.CreateManyAsync(jobs, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Created);
        Assert.Equal([1, 3], result.Conflicting);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "select count(*) from gnomon_jobs"));
    }

    [Fact]
    public async Task CreateAsync_NameTaken_ReportsDuplicateNameAndKeepsTheFirst()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var store = node.Get<JobStore>();
        var first = await TestJobs.CreateAsync(store, TestJobs.Definition("once", schedule: new ScheduleSpec { Cron = "0 0 1 1 *" }));

        var second = await store.CreateAsync(Guid.CreateVersion7(), TestJobs.Definition("once"), null, CancellationToken.None);

        Assert.Equal(JobWriteStatus.DuplicateName, second.Status);
        Assert.Null(second.Job);
        Assert.Equal(first.Id, (await store.FindAsync("once", CancellationToken.None))!.Id);
    }

    private static IEnumerable<Guid> Ids(string payload) => payload.Split(',').Select(Guid.Parse);

    private static async Task<Listener> ListenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var listener = new Listener(connection);
        await using var listen = new NpgsqlCommand("listen " + Channels.Jobs, connection);
        await listen.ExecuteNonQueryAsync();
        return listener;
    }

    /// <summary>A connection listening on the jobs channel, keeping every payload.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly List<string> _payloads = [];

        public Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _payloads.Add(e.Payload);
        }

        /// <summary>Waits (on the connection, up to 10 s) until the payloads received satisfy <paramref name="done"/>.</summary>
        public async Task<List<string>> WaitForAsync(Func<List<string>, bool> done)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!done(_payloads))
            {
                await _connection.WaitAsync(deadline.Token);
            }

            return _payloads;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
