using Gnomon.EmbeddedPostgres;

namespace Gnomon.Bench.Suite;

/// <summary>Creates and drops the per-run databases on the suite's PostgreSQL server.</summary>
internal sealed class BenchDatabases(EmbeddedPostgresServer server)
{
    private int _next;

    public string ConnectionStringFor(string database) => server.ConnectionStringFor(database);

    public async Task<string> CreateAsync(string purpose)
    {
        var name = $"bench_{Interlocked.Increment(ref _next)}_{purpose}";
        await ExecuteAsync($"create database \"{name}\"");
        return name;
    }

    public Task DropAsync(string name) => ExecuteAsync($"drop database if exists \"{name}\" with (force)");

    private Task ExecuteAsync(string sql) => ServerSql.ExecuteAsync(server.ConnectionStringFor("postgres"), sql);
}
