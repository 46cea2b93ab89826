using System.Net.Sockets;
using Npgsql;

namespace Gnomon.Store.Connections;

/// <summary>
/// The one place that classifies database failures: a database that is away (down, restarting, failing over, only a
/// standby answering), which a retry may get past, and any failure of a statement at all, which a background loop logs
/// and comes back from instead of stopping the node.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>Whether <paramref name="exception"/> came from talking to the database (any Npgsql error, a timeout, the network).</summary>
    /// <remarks>For loops that must survive anything the database does: they log it and try again on their next pass.</remarks>
    public static bool IsDatabaseFailure(Exception exception) => exception is NpgsqlException or TimeoutException or SocketException or IOException;

    /// <summary>
    /// Whether <paramref name="exception"/> says the database could not serve the statement now: nothing reached it or
    /// answered (Npgsql's own errors, timeouts, sockets), or it refused because of its state: shutting down (57P01–57P03),
    /// read-only because it is a standby or was just demoted (25006), out of connections (53300).
    /// </summary>
    /// <remarks>Anything else PostgreSQL answers (a wrong password, an unknown database, a bad statement) is not the database being away.</remarks>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.TooManyConnections
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException or TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}
