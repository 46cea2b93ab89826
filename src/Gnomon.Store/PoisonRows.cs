using Npgsql;

namespace Gnomon.Store;

/// <summary>Recognises the failures that one bad row, rather than the database's state, causes.</summary>
internal static class PoisonRows
{
    /// <summary>
    /// SQLSTATE class 22 (data exception): arithmetic on an infinite timestamp, a counter past its type's range, text
    /// PostgreSQL cannot hold. Retrying the same statement fails the same way, so the row at fault is found and set aside.
    /// </summary>
    public static bool IsDataError(Exception exception) =>
        exception is PostgresException { SqlState.Length: 5 } postgres && postgres.SqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>Whether a failure to decode a row in .NET is the row's fault (not the connection's, not a cancellation).</summary>
    public static bool IsDecodeError(Exception exception) => exception is not (NpgsqlException or OperationCanceledException or OutOfMemoryException);

    /// <summary>The reason recorded for a row set aside after <paramref name="exception"/>.</summary>
    public static string Reason(string what, Exception exception) =>
        $"set aside: {what} failed on this row ({(exception is PostgresException p ? $"{p.SqlState}: {p.MessageText}" : exception.Message)}); the row must be corrected or deleted";
}
