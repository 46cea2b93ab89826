using Gnomon.Store.Migrations;
using Gnomon.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Store.Tests.Migrations;

/// <summary>Versions 5 and 6 move live state out of wide rows; a database written by version 4 keeps every row's meaning.</summary>
public sealed class DispatchMigrationTests
{
    [Fact]
    public async Task MigrateAsync_DataWrittenByVersion4_CarriesLiveExecutionsAndNextFiresOver()
    {
        var connectionString = await EmptyDatabaseAtVersion4Async();
        var (pending, running, finished) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (active, paused) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var worker = Guid.CreateVersion7();
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_jobs (id, name, partition, schedule, executor, priority, queue, timeout_ms, max_attempts, backoff_ms,
                backoff_multiplier, max_backoff_ms, concurrency_policy, misfire_policy, paused, next_fire_at, created_at, updated_at)
            select id, name, 3, '{"cron":"* * * * * *"}', '{"type":"handler","handler":"noop"}', 0, 'default', 1000, 1, 1000, 2, 60000, 0, 0,
                paused, '2030-01-01T00:00:00Z', now(), now()
            from (values ($1::uuid, 'active', false), ($2::uuid, 'paused', true)) as j(id, name, paused)
            """, active, paused);
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, attempt, max_attempts,
                worker_id, lease_expires_at, started_at, finished_at, cancel_requested, reason)
            values
                ($1, $4, 'active', 0, now(), now() + interval '1 minute', 0, 0, 'default', 1, 3, null, null, null, null, false, null),
                ($2, $4, 'active', 0, now() - interval '1 second', now(), 2, 0, 'default', 1, 3, $5, now() + interval '1 minute', now(), null, true, 'cancelled by a user'),
                ($3, $4, 'active', 0, now() - interval '2 seconds', now(), 3, 0, 'default', 1, 3, $5, null, now(), now(), false, null)
            """, pending, running, finished, active, worker);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(SchemaMigrator.LatestVersion - 4, await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None));

        var live = await Sql.QueryAsync(connectionString, "select id, status, attempt, max_attempts, worker_id, cancel_requested, reason from gnomon_dispatch order by status",
            r => (r.GetGuid(0), r.GetInt16(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? (Guid?)null : r.GetGuid(4), r.GetBoolean(5), r.IsDBNull(6) ? null : r.GetString(6)));
        Assert.Equal([(pending, (short)0, 1, 3, null, false, null), (running, (short)2, 1, 3, worker, true, "cancelled by a user")], live);
        // Live history rows say pending (the dispatch row tells the rest); the view reads as the table did.
        Assert.Equal([0, 0, 3], await Sql.QueryAsync(connectionString, "select status from gnomon_executions order by scheduled_at desc", r => (int)r.GetInt16(0)));
        Assert.Equal([0, 2, 3], await Sql.QueryAsync(connectionString, "select status from gnomon_execution_state order by scheduled_at desc", r => (int)r.GetInt16(0)));
        var fires = await Sql.QueryAsync(connectionString, "select f.job_id, f.partition, f.next_fire_at from gnomon_job_fires f join gnomon_jobs j on j.id = f.job_id order by j.name",
            r => (r.GetGuid(0), r.GetInt16(1), r.IsDBNull(2) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(2)));
        Assert.Equal([(active, (short)3, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), (paused, (short)3, null)], fires);
    }

    /// <summary>An empty database with migrations 1 to 4 applied, as a node of that version left it.</summary>
    private static async Task<string> EmptyDatabaseAtVersion4Async()
    {
        var admin = await TestDatabase.AdminConnectionStringAsync();
        var name = "gnomon_v4_" + Guid.NewGuid().ToString("N")[..16];
        await Sql.ExecuteAsync(admin, $"create database {name} template template0");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await Sql.ExecuteAsync(connectionString,
            "create table gnomon_schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())");
        var assembly = typeof(SchemaMigrator).Assembly;
        foreach (var (version, resource) in assembly.GetManifestResourceNames()
                     .Select(r => (Version: int.Parse(r.Split(".V")[^1][..3], System.Globalization.CultureInfo.InvariantCulture), Resource: r))
                     .Where(m => m.Version <= 4).OrderBy(m => m.Version))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            await Sql.ExecuteAsync(connectionString, await reader.ReadToEndAsync());
            await Sql.ExecuteAsync(connectionString, "insert into gnomon_schema_migrations (version, name) values ($1, $2)", version, resource);
        }

        return connectionString;
    }
}
