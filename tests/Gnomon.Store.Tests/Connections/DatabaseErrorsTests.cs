using Gnomon.Store.Connections;
using Npgsql;

namespace Gnomon.Store.Tests.Connections;

public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, true)]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.InvalidPassword, false)]
    [InlineData(PostgresErrorCodes.InvalidCatalogName, false)]
    [InlineData(PostgresErrorCodes.UndefinedTable, false)]
    public void IsUnavailable_ServerError_IsTheDatabasesStateOrNot(string sqlState, bool unavailable)
    {
        var error = new PostgresException("message", "ERROR", "ERROR", sqlState);

        Assert.Equal(unavailable, DatabaseErrors.IsUnavailable(error));
        Assert.True(DatabaseErrors.IsDatabaseFailure(error));
    }

    [Fact]
    public void IsUnavailable_NoServerReached_IsUnavailable()
    {
        Assert.True(DatabaseErrors.IsUnavailable(new NpgsqlException("No suitable host was found.")));
        Assert.True(DatabaseErrors.IsUnavailable(new TimeoutException()));
        Assert.False(DatabaseErrors.IsUnavailable(new InvalidOperationException()));
        Assert.False(DatabaseErrors.IsDatabaseFailure(new InvalidOperationException()));
    }
}
