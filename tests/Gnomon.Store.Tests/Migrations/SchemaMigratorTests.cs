using Gnomon.Store.Migrations;
using Gnomon.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Store.Tests.Migrations;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task MigrateAsync_EightNodesRaceOnEmptyDatabase_AppliesEveryVersionExactlyOnce()
    {
        var connectionString = await CreateEmptyDatabaseAsync();

        // Eight nodes starting at once, each with its own pool, as a fleet rolling out does.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            return await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        })).ToList();
        gate.SetResult();
        var applied = await Task.WhenAll(runs);

        Assert.Equal(SchemaMigrator.LatestVersion, applied.Sum());
        var versions = await Sql.QueryAsync(connectionString, "select version from gnomon_schema_migrations order by version", r => r.GetInt32(0));
        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), versions);
        Assert.True(await Sql.ScalarAsync<bool>(connectionString, "select to_regclass('gnomon_executions') is not null"));

        await using var again = NpgsqlDataSource.Create(connectionString);
        var migrator = new SchemaMigrator(again, NullLogger<SchemaMigrator>.Instance);
        Assert.Equal(SchemaMigrator.LatestVersion, await migrator.CurrentVersionAsync(CancellationToken.None));
        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(SchemaMigrator.LatestVersion, await Sql.ScalarAsync<long>(connectionString, "select count(*) from gnomon_schema_migrations"));
    }

    [Fact]
    public async Task CurrentVersionAsync_EmptyDatabase_IsZero()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        Assert.Equal(0, await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).CurrentVersionAsync(CancellationToken.None));
    }

    private static async Task<string> CreateEmptyDatabaseAsync()
    {
        var admin = await TestDatabase.AdminConnectionStringAsync();
        var name = "gnomon_empty_" + Guid.NewGuid().ToString("N")[..16];
        // template0: nobody ever connects to it, so this never collides with the template copies other tests make.
        await Sql.ExecuteAsync(admin, $"create database {name} template template0");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
