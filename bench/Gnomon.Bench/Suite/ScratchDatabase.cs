using Npgsql;

namespace Gnomon.Bench.Suite;

/// <summary>A database created beside another on the same server, dropped (with whatever still holds it) when disposed.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private ScratchDatabase(string server, string name, string connectionString)
    {
        _server = server;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Creates <c>{database of <paramref name="beside"/>}_{<paramref name="suffix"/>}</c>.</summary>
    public static async Task<ScratchDatabase> CreateAsync(string beside, string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(beside);
        var name = $"{builder.Database}_{suffix}";
        await ServerSql.ExecuteAsync(beside, $"create database \"{name}\"");
        builder.Database = name;
        return new ScratchDatabase(beside, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        // The systems' pools keep idle connections to it; dropped with force, they would only fail if used again.
        NpgsqlConnection.ClearAllPools();
        await ServerSql.ExecuteAsync(_server, $"drop database if exists \"{_name}\" with (force)");
    }
}
