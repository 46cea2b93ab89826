using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Client.Tests;

/// <summary>Job definitions for the tests, each with a name of its own.</summary>
internal static class Jobs
{
    public static JobDefinition Noop(string prefix, string cron = "0 0 * * * *") => new()
    {
        Name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(200, prefix.Length + 33)],
        Schedule = Schedule.FromCron(cron),
        Executor = new HandlerExecutor { Handler = "noop" },
    };
}
