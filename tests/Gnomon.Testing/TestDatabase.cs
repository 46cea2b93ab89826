using Gnomon.EmbeddedPostgres;
using Gnomon.Store.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Testing;

/// <summary>A real PostgreSQL for tests: one embedded server per test process, one fresh database per caller.</summary>
/// <remarks>
/// The schema is applied once, by the production migrator, to a template database; each test database is a
/// copy of it (<c>CREATE DATABASE … TEMPLATE</c>), so tests are isolated and start in milliseconds.
/// Set <c>GNOMON_TEST_POSTGRES</c> to a connection string (with a user allowed to create databases) to use an
/// existing server instead of the embedded one.
/// </remarks>
public static class TestDatabase
{
    private const string Template = "gnomon_test_template";
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static EmbeddedPostgresServer? _embedded;

    /// <summary>Creates an empty, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var admin = await Server.Value;
        var name = "gnomon_test_" + Guid.NewGuid().ToString("N")[..16];
        // CREATE DATABASE from a template fails if another copy runs at the same moment.
        await CreateLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database {name} template {Template}", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            CreateLock.Release();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The connection string of the server's maintenance database, for tests that restart or inspect the server.</summary>
    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("GNOMON_TEST_POSTGRES");
        string admin;
        if (!string.IsNullOrWhiteSpace(external))
        {
            admin = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" }.ConnectionString;
        }
        else
        {
            var dataDir = Path.Combine(Path.GetTempPath(), "gnomon-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
            _embedded = await EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = dataDir, Durable = false, Database = "postgres", MaxConnections = 400, Ephemeral = true },
                NullLogger.Instance,
                CancellationToken.None);
            admin = _embedded.ConnectionStringFor("postgres");
        }

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {Template}", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {Template}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var templateConnection = new NpgsqlConnectionStringBuilder(admin) { Database = Template, Pooling = false }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(templateConnection))
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        return admin;
    }
}
