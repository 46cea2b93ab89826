using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gnomon.Bench.Commands;
using Gnomon.Bench.Systems.Gnomon;
using Gnomon.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gnomon.Bench;

/// <summary>
/// What the database does per execution: the throughput run's drain (N no-op <c>runAt</c> jobs written, claimed,
/// run and recorded) on a durable embedded PostgreSQL with <c>pg_stat_statements</c>, and the server's own counters
/// read before and after it — WAL bytes and records, statements, commits, and the rows inserted, updated (HOT or
/// not) and deleted per table. Usage: <c>dbcost [--executions N]</c>.
/// </summary>
internal static partial class DbCostScenario
{
    // The harness's own polls while it waits for the drain to end (as pg_stat_statements normalises them), counted
    // apart from Gnomon's statements.
    private static readonly string[] HarnessStatements =
        ["select (exists (select $1 from gnomon_dispatch", "select count(*) from gnomon_executions", "select now()", "select max(finished_at)"];

    public static Command CreateCommand()
    {
        var executions = BenchOptions.Number("--executions", 100_000, 1, "no-op executions to drain");
        var command = new Command(
            "dbcost",
            "the throughput drain of N no-op executions on its own durable PostgreSQL with pg_stat_statements: WAL, statements, commits and row writes per execution, and the statements that cost the most")
        {
            executions,
        };
        command.SetAction((result, _) => RunAsync(result.GetValue(executions)));
        return command;
    }

    private static async Task<int> RunAsync(int executions)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "gnomon-bench", Guid.NewGuid().ToString("N"));
        await using var postgres = await EmbeddedPostgresServer.StartAsync(
            new EmbeddedPostgresOptions
            {
                DataDirectory = dataDir,
                Durable = true,
                Ephemeral = true,
                Settings = new Dictionary<string, string> { ["shared_preload_libraries"] = "pg_stat_statements", ["pg_stat_statements.track_utility"] = "off" },
            },
            NullLogger.Instance,
            CancellationToken.None);
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        await ExecuteAsync(dataSource, "create extension if not exists pg_stat_statements");

        var run = await GnomonSystem.RunThroughputAsync(executions, postgres.ConnectionString, async ct =>
            await ExecuteAsync(dataSource, "select pg_stat_statements_reset(), pg_stat_reset_shared('wal'), pg_stat_reset()", ct), CancellationToken.None);
        // Statistics reach the shared counters when a backend's transaction ends, at most a second later.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"dbcost: {run.Completed:N0} of {run.Count:N0} executions succeeded; drain {run.DrainPerSecond:N0}/s").AppendLine();
        await AppendTotalsAsync(dataSource, run.Count, report);
        await AppendTablesAsync(dataSource, run.Count, report);
        await AppendStatementsAsync(dataSource, run.Count, report);
        Console.WriteLine(report);
        return run.Completed == run.Count ? 0 : 1;
    }

    private static async Task AppendTotalsAsync(NpgsqlDataSource dataSource, int count, StringBuilder report)
    {
        var harness = string.Join(" or ", HarnessStatements.Select(h => $"query like '{h.Replace("'", "''", StringComparison.Ordinal)}%'"));
        await using var command = dataSource.CreateCommand($"""
            select w.wal_bytes::double precision, w.wal_records::double precision, w.wal_fpi::double precision,
                (select sum(calls) filter (where not ({harness})) from pg_stat_statements where dbid = d.datid)::double precision,
                (select sum(total_exec_time) filter (where not ({harness})) from pg_stat_statements where dbid = d.datid)::double precision,
                d.xact_commit::double precision
            from pg_stat_wal w, pg_stat_database d where d.datname = current_database()
            """);
        await using var r = await command.ExecuteReaderAsync();
        await r.ReadAsync();
        report.AppendLine("| per execution | WAL bytes | WAL records | full-page images | statements | statement time | commits (all, incl. the harness) |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| | {r.GetDouble(0) / count:N0} | {r.GetDouble(1) / count:N1} | {r.GetDouble(2) / count:N2} | {r.GetDouble(3) / count:N2} | {r.GetDouble(4) * 1000 / count:N1} µs | {r.GetDouble(5) / count:N2} |");
        report.AppendLine();
    }

    private static async Task AppendTablesAsync(NpgsqlDataSource dataSource, int count, StringBuilder report)
    {
        await using var command = dataSource.CreateCommand("""
            select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables
            where n_tup_ins + n_tup_upd + n_tup_del > 0 order by relname
            """);
        await using var r = await command.ExecuteReaderAsync();
        report.AppendLine("| table, per execution | inserted | updated | of them HOT | deleted |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        while (await r.ReadAsync())
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.GetString(0)}` | {r.GetInt64(1) / (double)count:N2} | {r.GetInt64(2) / (double)count:N2} | {r.GetInt64(3) / (double)count:N2} | {r.GetInt64(4) / (double)count:N2} |");
        }

        report.AppendLine();
    }

    private static async Task AppendStatementsAsync(NpgsqlDataSource dataSource, int count, StringBuilder report)
    {
        await using var command = dataSource.CreateCommand("""
            select query, calls, rows, total_exec_time, wal_bytes::double precision from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 12
            """);
        await using var r = await command.ExecuteReaderAsync();
        report.AppendLine("| statement (first words) | calls | rows per call | time per execution | WAL bytes per execution |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        while (await r.ReadAsync())
        {
            var calls = r.GetInt64(1);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| `{Shorten(r.GetString(0))}` | {calls:N0} | {r.GetInt64(2) / (double)Math.Max(calls, 1):N1} | {r.GetDouble(3) * 1000 / count:N1} µs | {r.GetDouble(4) / count:N0} |");
        }
    }

    private static string Shorten(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim().Replace("|", "/", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return flat.Length <= 90 ? flat : flat[..90] + " …";
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
