using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.Store.Migrations;

/// <summary>Applies the versioned SQL files shipped in this assembly, once, under an advisory lock.</summary>
/// <remarks>
/// Many nodes may start at once; the session-level advisory lock makes them take turns, and each sees the
/// versions the first one applied. Each migration runs in its own transaction with its version row.
/// </remarks>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const long LockKey = 0x676E6F6D6F6E; // "gnomon"

    private static readonly IReadOnlyList<Migration> All = LoadMigrations();

    /// <summary>The schema version this build expects.</summary>
    public static int LatestVersion => All[^1].Version;

    /// <summary>Applies every migration not applied yet; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock($1)", connection))
        {
            lockCommand.Parameters.AddWithValue(LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using (var create = new NpgsqlCommand(
                "create table if not exists gnomon_schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
                connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in All)
            {
                if (applied.Contains(migration.Version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("insert into gnomon_schema_migrations (version, name) values ($1, $2)", connection, transaction))
                {
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(migration.Version, migration.Name);
                count++;
            }

            return count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock($1)", connection);
            unlock.Parameters.AddWithValue(LockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The highest applied version, or 0 for an empty database.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        // Two statements: a query naming a missing table fails when parsed, whatever guards its WHERE clause.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("select to_regclass('gnomon_schema_migrations') is not null", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand("select coalesce(max(version), 0) from gnomon_schema_migrations", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<HashSet<int>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using var command = new NpgsqlCommand("select version from gnomon_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0));
        }

        return applied;
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No migrations are embedded in " + assembly.GetName().Name);
        }

        return migrations;
    }

    [GeneratedRegex(@"\.V(\d+)__(\w+)\.sql$")]
    private static partial Regex MigrationName();

    [LoggerMessage(EventId = EventIds.SchemaMigratorApplied, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);

    private sealed record Migration(int Version, string Name, string Sql);
}
