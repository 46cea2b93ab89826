using Npgsql;

namespace Gnomon.Store.Connections;

/// <summary>Asks the data source for a connection and reports where it led: the host serving this node now.</summary>
public sealed class DatabaseProbe(NpgsqlDataSource dataSource)
{
    /// <summary>The server a new statement reaches, and whether it is a primary (with a multi-host connection string and
    /// <c>Target Session Attributes=primary</c> it always is; a single host may be a standby).</summary>
    /// <exception cref="NpgsqlException">No server answered (or none of the listed hosts is a primary).</exception>
    public async Task<DatabaseEndpoint> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off'", connection);
        var primary = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new DatabaseEndpoint(connection.Host ?? "?", connection.Port, primary);
    }
}
