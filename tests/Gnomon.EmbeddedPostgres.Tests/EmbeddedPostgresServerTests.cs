using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.EmbeddedPostgres.Tests;

/// <summary>Against real PostgreSQL binaries; each test owns its data directory and stops what it started.</summary>
public sealed class EmbeddedPostgresServerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedPostgresServer> _servers = [];

    private EmbeddedPostgresOptions Options => new()
    {
        DataDirectory = Path.Combine(_directory.Path, "data"),
        Durable = false,
        StartTimeout = TimeSpan.FromSeconds(30),
        MaxConnections = 20,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task StartAsync_FreshDataDirectory_AnswersSelectOneAndCreatesDatabase()
    {
        var server = await StartAsync(Options with { Database = "gnomon-Test \"quoted\"" });

        Assert.False(server.Reused);
        Assert.True(File.Exists(Path.Combine(Options.DataDirectory, "pg", "PG_VERSION")));
        Assert.True(File.Exists(Path.Combine(Options.DataDirectory, "postgres.log")));
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("gnomon-Test \"quoted\"", reader.GetString(1));
        Assert.Equal($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres", server.ConnectionStringFor("postgres"));
    }

    [Fact]
    public async Task StartAsync_ServerAlreadyRunningOnDataDirectory_AdoptsItOnSamePort()
    {
        var first = await StartAsync(Options);

        var second = await StartAsync(Options);

        Assert.True(second.Reused);
        Assert.Equal(first.Port, second.Port);
        Assert.Equal(1, await SelectOneAsync(second.ConnectionString));
    }

    [Fact]
    public async Task StopAsync_RunningServer_PortNoLongerAnswersAndRepeatIsHarmless()
    {
        var server = await StartAsync(Options);

        await server.StopAsync(CancellationToken.None);
        await server.StopAsync(CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(Options.DataDirectory, "pg", "postmaster.pid")));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", server.Port));
    }

    [Fact]
    public async Task StartAsync_AfterStop_RestartsAndKeepsData()
    {
        var first = await StartAsync(Options);
        await ExecuteAsync(first.ConnectionString, "create table kept (id int); insert into kept values (42)");
        await first.StopAsync(CancellationToken.None);

        var second = await StartAsync(Options);

        Assert.False(second.Reused);
        Assert.Equal(42, await ScalarAsync<int>(second.ConnectionString, "select id from kept"));
    }

    [Fact]
    public async Task StartAsync_StaleLockFileOfDeadProcess_StartsNormally()
    {
        var first = await StartAsync(Options);
        await first.StopAsync(CancellationToken.None);
        var pidFile = Path.Combine(Options.DataDirectory, "pg", "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, $"{await DeadProcessIdAsync()}\n{Path.GetDirectoryName(pidFile)}\n1700000000\n{first.Port}\n\n127.0.0.1\n0 0\nready   \n");

        var second = await StartAsync(Options);

        Assert.False(second.Reused);
        Assert.Equal(1, await SelectOneAsync(second.ConnectionString));
    }

    [Fact]
    public async Task StartAsync_MissingBinDirectory_ThrowsNamingTheDirectory()
    {
        var missing = Path.Combine(_directory.Path, "no-such-bin");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Options with { BinDirectory = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Options.DataDirectory));
    }

    [Fact]
    public async Task StartAsync_WithSettings_ServerRunsWithThem()
    {
        var server = await StartAsync(Options with { Settings = new Dictionary<string, string> { ["shared_preload_libraries"] = "pg_stat_statements", ["work_mem"] = "8MB" } });

        Assert.Equal("pg_stat_statements", await ScalarAsync<string>(server.ConnectionString, "show shared_preload_libraries"));
        Assert.Equal("8MB", await ScalarAsync<string>(server.ConnectionString, "show work_mem"));
    }

    [Theory]
    [InlineData("work_mem", "8MB; rm -rf /")]
    [InlineData("work mem", "8MB")]
    [InlineData("work_mem", "")]
    public async Task StartAsync_SettingWithShellCharacters_IsRefusedBeforeAnythingStarts(string name, string value)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(Options with { Settings = new Dictionary<string, string> { [name] = value } }));

        Assert.Contains($"'{name}={value}'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Options.DataDirectory));
    }

    private async Task<EmbeddedPostgresServer> StartAsync(EmbeddedPostgresOptions options)
    {
        var server = await EmbeddedPostgresServer.StartAsync(options, NullLogger.Instance, CancellationToken.None);
        _servers.Add(server);
        return server;
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static Task<int> SelectOneAsync(string connectionString) => ScalarAsync<int>(connectionString, "select 1");

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
