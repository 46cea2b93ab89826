using Gnomon.Client;
using Gnomon.Client.Executions;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Samples.Client;

/// <summary>The sample itself: declare a job, then follow its executions until the first one finishes.</summary>
public static class FirstExecution
{
    public static async Task<Execution> RunAsync(GnomonClient gnomon, string name, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gnomon);
        ArgumentNullException.ThrowIfNull(output);

        // PUT by name is idempotent: running the sample twice replaces the job rather than failing on a taken name.
        var (job, created) = await gnomon.PutJobAsync(name, new JobDefinition
        {
            Name = name,
            Description = "created by samples/Gnomon.Samples.Client",
            Schedule = Schedule.FromCron("*/5 * * * * *"),
            Executor = new HandlerExecutor { Handler = "noop" },
        }, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"{(created ? "created" : "updated")} job {job.Name} ({job.Id}); next fire {job.NextFireAt:O}");

        var since = job.UpdatedAt;
        await foreach (var execution in gnomon.WatchExecutionsAsync(new ExecutionFilter { Job = job.Name, From = since }, cancellationToken: cancellationToken))
        {
            await output.WriteLineAsync($"{execution.ScheduledAt:O} {execution.Status}");
            if (execution.IsFinished)
            {
                return execution;
            }
        }

        throw new InvalidOperationException("The watch ended without an execution.");
    }
}
