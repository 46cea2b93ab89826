using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;

namespace Gnomon.Bench;

/// <summary>
/// End-to-end executions per second of a running cluster: N jobs (handler <c>noop</c>) all due at one instant,
/// created through the API beforehand; the figure is N over the time from that instant to the last completion,
/// read from the database. It covers the masters writing the slots, the workers claiming, running and completing them.
/// </summary>
internal static class ClusterThroughputScenario
{
    private const int CreateConcurrency = 8;

    public static async Task<int> RunAsync(ClusterOptions options)
    {
        using var http = options.CreateClient();
        var run = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        // Far enough ahead that every job exists before the instant (creation runs at a few hundred per second or more).
        var due = WholeSecond(TimeProvider.System.GetUtcNow().AddSeconds(10 + (options.Executions / 300.0)));
        Console.WriteLine($"Creating {options.Executions} noop jobs due at {due:HH:mm:ss} ...");
        var created = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, CreateConcurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Executions)
            {
                var response = await http.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
                {
                    name = $"tp-{run}-{i:D7}",
                    schedule = new { runAt = due },
                    executor = new { type = "handler", handler = "noop" },
                });
                response.EnsureSuccessStatusCode();
            }
        }));
        var createRate = options.Executions / created.Elapsed.TotalSeconds;
        if (TimeProvider.System.GetUtcNow() > due.AddSeconds(-1))
        {
            await Console.Error.WriteLineAsync($"creating took {created.Elapsed.TotalSeconds:0.0} s, past the due instant; rerun with fewer executions");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Created in {created.Elapsed.TotalSeconds:0.0} s ({createRate:0} jobs/s); waiting for the executions ..."));
        var prefix = $"tp-{run}-%";
        var (done, first, last) = await WaitForCompletionAsync(options.Database, prefix, options.Executions, TimeSpan.FromMinutes(10));
        var seconds = (last - due).TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| executions | succeeded | first start after instant | last completion after instant | executions/s |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {options.Executions} | {done} | {(first - due).TotalMilliseconds:0} ms | {seconds:0.00} s | {done / seconds:0} |"));

        await DeleteJobsAsync(options.Database, prefix);
        return done == options.Executions ? 0 : 1;
    }

    private static async Task<(long Done, DateTimeOffset FirstStart, DateTimeOffset LastFinish)> WaitForCompletionAsync(
        string database, string prefix, int expected, TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                select count(*) filter (where status = 3), min(started_at), max(finished_at), count(*) filter (where finished_at is null), count(*)
                from gnomon_executions where job_name like $1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = prefix });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var done = reader.GetInt64(0);
            var open = reader.GetInt64(3);
            // Done when every slot exists and none is still open, whatever its outcome.
            if ((reader.GetInt64(4) >= expected && open == 0) || deadline.Elapsed > timeout)
            {
                return (done, reader.IsDBNull(1) ? default : reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? default : reader.GetFieldValue<DateTimeOffset>(2));
            }

            await Task.Delay(200);
        }
    }

    private static async Task DeleteJobsAsync(string database, string prefix)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("""
            with jobs as (delete from gnomon_jobs where name like $1 returning id)
            delete from gnomon_executions where job_id in (select id from jobs)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        await command.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
