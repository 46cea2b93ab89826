using Gnomon.Store.Connections;
using Npgsql;

namespace Gnomon.Store.Tests.Connections;

public sealed class ConnectionStringsTests
{
    [Fact]
    public void ToNpgsql_UriAsPgAutoctlPrintsIt_GivesTheMultiHostConnectionString()
    {
        var converted = new NpgsqlConnectionStringBuilder(ConnectionStrings.ToNpgsql(
            "postgres://127.0.0.1:6001,127.0.0.1:6002/gnomon?target_session_attrs=read-write&sslmode=prefer"));

        Assert.Equal("127.0.0.1:6001,127.0.0.1:6002", converted.Host);
        Assert.Equal("gnomon", converted.Database);
        Assert.Equal("read-write", converted.TargetSessionAttributes);
        Assert.Equal(SslMode.Prefer, converted.SslMode);
    }

    [Fact]
    public void ToNpgsql_UriWithEscapedCredentials_DecodesThem()
    {
        var converted = new NpgsqlConnectionStringBuilder(ConnectionStrings.ToNpgsql("postgresql://gnomon:p%40ss%3Bword@db.example:5433/jobs?connect_timeout=3"));

        Assert.Equal("gnomon", converted.Username);
        Assert.Equal("p@ss;word", converted.Password);
        Assert.Equal("db.example:5433", converted.Host);
        Assert.Equal(3, converted.Timeout);
    }

    [Fact]
    public void ToNpgsql_NpgsqlConnectionString_IsLeftAsItIs()
    {
        const string Npgsql = "Host=a:5432,b:5432;Database=gnomon;Target Session Attributes=primary";

        Assert.Equal(Npgsql, ConnectionStrings.ToNpgsql(Npgsql));
    }

    [Theory]
    [InlineData("postgres://h/db?keepalives=1", "keepalives")]
    [InlineData("postgres://h/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres:///db", "no host")]
    [InlineData("postgres://a,,b/db", "no host")]
    public void ToNpgsql_UriItCannotTranslate_IsRefusedNamingWhy(string uri, string named)
    {
        var failure = Assert.Throws<ArgumentException>(() => ConnectionStrings.ToNpgsql(uri));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
