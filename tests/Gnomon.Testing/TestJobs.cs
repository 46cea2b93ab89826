using System.Text.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Store.Jobs;

namespace Gnomon.Testing;

/// <summary>Jobs and executions arranged for tests.</summary>
public static class TestJobs
{
    /// <summary>A job running the <paramref name="handler"/> handler; by default with a schedule that never comes due by itself.</summary>
    public static JobDefinition Definition(string name, string handler = "noop", ScheduleSpec? schedule = null) => new()
    {
        Name = name,
        Schedule = schedule ?? new ScheduleSpec { Cron = "0 0 1 1 *" },
        Executor = new HandlerExecutorSpec { Handler = handler },
    };

    /// <summary>A job firing every second (its first fire is what the test passes as next fire).</summary>
    public static JobDefinition EverySecond(string name) => Definition(name, schedule: new ScheduleSpec { Cron = "* * * * * *" });

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static async Task<Job> CreateAsync(JobStore store, JobDefinition definition, DateTimeOffset? nextFireAt = null)
    {
        var result = await store.CreateAsync(Guid.CreateVersion7(), definition, nextFireAt, CancellationToken.None);
        Assert.Equal(JobWriteStatus.Created, result.Status);
        return result.Job!;
    }

    /// <summary>Inserts a pending execution of <paramref name="job"/> due <paramref name="dueIn"/> from the database's now.</summary>
    public static async Task<Guid> InsertPendingAsync(
        string connectionString, Job job, TimeSpan dueIn, int? priority = null, ExecutionTrigger trigger = ExecutionTrigger.Schedule)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(connectionString, """
            insert into gnomon_executions (id, job_id, job_name, trigger, scheduled_at, due_at, status, priority, queue, max_attempts)
            values ($1, $2, $3, $4, now() + $5, now() + $5, 0, $6, $7, $8)
            """,
            id, job.Id, job.Definition.Name, (short)trigger, dueIn, (short)(priority ?? job.Definition.Priority), job.Definition.Queue,
            job.Definition.Retry.MaxAttempts);
        await TestDispatch.LiftLiveRowsAsync(connectionString);
        return id;
    }
}
