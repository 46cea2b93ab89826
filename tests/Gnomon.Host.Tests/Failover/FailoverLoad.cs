using System.Net.Http.Json;
using Gnomon.Host.Tests.Cluster;

namespace Gnomon.Host.Tests.Failover;

/// <summary>The load a failover is tried under: jobs firing every second and a backlog of no-op executions draining.</summary>
internal static class FailoverLoad
{
    public const int EverySecondJobs = 50;
    public const int Backlog = 20_000;

    /// <summary>Creates the every-second jobs and the backlog (written straight into the table, as a burst of triggers would be).</summary>
    public static async Task StartAsync(LocalCluster cluster)
    {
        for (var i = 0; i < EverySecondJobs; i++)
        {
            (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
            {
                name = $"every-second-{i:D2}",
                schedule = new { cron = "* * * * * *" },
                executor = new { type = "handler", handler = "noop" },
            })).EnsureSuccessStatusCode();
        }

        (await cluster.Api.PostAsJsonAsync(new Uri("/api/v1/jobs", UriKind.Relative), new
        {
            name = "backlog",
            schedule = new { cron = "0 0 1 1 *" },
            executor = new { type = "handler", handler = "noop" },
        })).EnsureSuccessStatusCode();
        await cluster.QueryAsync($"""
            with written as (
                insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts)
                select gen_random_uuid(), j.id, j.name, 1, now(), now(), 0, 0, j.queue, 1 from gnomon_jobs j, generate_series(1, {Backlog}) where j.name = 'backlog'
                returning id, job_id, queue, priority, status, due_at, max_attempts),
            live as (
                insert into gnomon_dispatch (id, job_id, queue, priority, status, due_at, max_attempts)
                select id, job_id, queue, priority, status, due_at, max_attempts from written),
            woken as (select pg_notify('gnomon_executions', 'default'))
            select (select count(*) from written), (select count(*) from woken)
            """, r => r.GetInt64(0));
    }

    /// <summary>Backlog executions that succeeded so far.</summary>
    public static async Task<long> DrainedAsync(LocalCluster cluster) =>
        (await cluster.QueryAsync("select count(*) from gnomon_execution_state where job_name = 'backlog' and status = 3", r => r.GetInt64(0))).Single();

    /// <summary>Every finished execution with its status, attempt and attempt rows, as a set of strings to compare before and after.</summary>
    public static async Task<HashSet<string>> FinishedAsync(LocalCluster cluster) =>
        [.. await cluster.QueryAsync("""
            select e.id::text || ':' || e.status || ':' || e.attempt || ':' || count(a.attempt)
            from gnomon_execution_state e left join gnomon_execution_attempts a on a.execution_id = e.id
            where e.finished_at is not null group by e.id, e.status, e.attempt
            """, r => r.GetString(0))];

    /// <summary>
    /// The every-second jobs' slots up to a few seconds ago: one row per second and job, none missing, each run once
    /// (succeeded at its first attempt) or skipped by the misfire policy; returns how many were skipped.
    /// </summary>
    public static async Task<int> AssertEverySlotOnceAsync(LocalCluster cluster)
    {
        // Slots that fell due during the failover run late: wait until none of them is still pending or running.
        await Gnomon.Testing.Eventually.WaitAsync(async () => (await cluster.QueryAsync("""
            select count(*) from gnomon_execution_state
            where trigger = 0 and job_name like 'every-second-%' and scheduled_at < now() - interval '5 seconds' and status in (0, 1, 2)
            """, r => r.GetInt64(0))).Single() == 0, "the slots that fell due during the failover to have run", TimeSpan.FromSeconds(60));
        var rows = await cluster.QueryAsync("""
            select job_name, scheduled_at, status, attempt from gnomon_execution_state
            where trigger = 0 and job_name like 'every-second-%' and scheduled_at < now() - interval '5 seconds' order by job_name, scheduled_at
            """, r => (Job: r.GetString(0), At: r.GetFieldValue<DateTimeOffset>(1), Status: r.GetInt16(2), Attempt: r.GetInt32(3)));
        foreach (var job in rows.GroupBy(r => r.Job))
        {
            var slots = job.ToList();
            for (var i = 1; i < slots.Count; i++)
            {
                Assert.True(slots[i - 1].At.AddSeconds(1) == slots[i].At, $"{job.Key}: {slots[i - 1].At:O} is followed by {slots[i].At:O}");
            }

            Assert.All(slots, s => Assert.True(s is { Status: 3, Attempt: 1 } or { Status: 7, Attempt: 0 }, $"{job.Key} {s.At:O}: status {s.Status}, attempt {s.Attempt}"));
        }

        Assert.Equal(EverySecondJobs, rows.Select(r => r.Job).Distinct().Count());
        return rows.Count(r => r.Status == 7);
    }
}
