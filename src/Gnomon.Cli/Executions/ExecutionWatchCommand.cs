using System.CommandLine;
using Gnomon.Cli.Jobs;
using Gnomon.Cli.Output;

namespace Gnomon.Cli.Executions;

/// <summary><c>gnomon ctl executions watch</c>: a line per new execution and per change of state, until Ctrl+C (or <c>--count</c> lines).</summary>
internal static class ExecutionWatchCommand
{
    private static readonly string[] Headers = ["SCHEDULED", "JOB", "STATUS", "ID", "REASON"];

    public static Command Build()
    {
        var filter = new ExecutionFilterOptions();
        var count = JobArguments.Count(int.MaxValue, int.MaxValue, "stop after this many lines (default: until Ctrl+C)");
        var interval = new Option<double>("--interval")
        {
            Description = "seconds between two looks (default 1, at least 0.1)",
            HelpName = "seconds",
            DefaultValueFactory = _ => 1,
            Validators = { r => { if (r.GetValueOrDefault<double>() < 0.1) { r.AddError("--interval must be at least 0.1 seconds"); } } },
        };
        var command = new Command("watch", "follows executions as they are written and change state (json: one object per line)") { count, interval };
        filter.AddTo(command);
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var printer = session.Printer;
            // Starting widths that fit every instant, status and id, so only a long job name or reason widens a column.
            int[] widths = [printer.Time(DateTimeOffset.UnixEpoch).Length, 24, "succeeded".Length, 36, 0];
            if (!printer.IsJson)
            {
                await printer.StreamRowAsync([.. Headers.Select(h => (Cell)h)], widths, header: true);
            }

            var left = result.GetValue(count);
            await foreach (var e in session.Client.WatchExecutionsAsync(filter.Read(result), TimeSpan.FromSeconds(result.GetValue(interval)), ct))
            {
                await (printer.IsJson
                    ? printer.JsonLineAsync(e)
                    : printer.StreamRowAsync([printer.Time(e.ScheduledAt), e.JobName, Describe.Status(e.Status), e.Id.ToString(), e.Reason ?? e.Error], widths));
                if (--left == 0)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
