using Npgsql;

namespace Gnomon.Bench.Suite;

/// <summary>A statement run on a server's maintenance database, on a connection of its own (create and drop database cannot run in a pooled or open transaction).</summary>
internal static class ServerSql
{
    /// <summary>Runs <paramref name="sql"/> on the <c>postgres</c> database of the server <paramref name="connectionString"/> names.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
