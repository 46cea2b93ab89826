using System.CommandLine;
using Gnomon.Cli.Executions;
using Gnomon.Client.Executions;

namespace Gnomon.Cli.Jobs;

/// <summary><c>gnomon ctl jobs trigger JOB [--payload JSON] [--wait]</c>.</summary>
internal static class JobTriggerCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static Command Build()
    {
        var job = JobArguments.Job();
        var payload = new Option<string>("--payload") { Description = "JSON handed to the execution instead of the job's payload", HelpName = "json" };
        var wait = new Option<bool>("--wait") { Description = "wait until the execution finishes; exit 0 only if it succeeded" };
        var command = new Command("trigger", "runs a job now, outside its schedule") { job, payload, wait };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var execution = await session.Client.TriggerJobAsync(result.GetValue(job)!, JobArguments.ParseJson(result.GetValue(payload), "--payload"), ct);
            if (!result.GetValue(wait))
            {
                await (session.Printer.IsJson ? session.Printer.JsonAsync(execution) : session.Printer.LineAsync($"execution {execution.Id} of job {execution.JobName} triggered"));
                return ExitCodes.Ok;
            }

            while (!execution.IsFinished)
            {
                await Task.Delay(Poll, ct);
                execution = await session.Client.GetExecutionAsync(execution.Id, ct);
            }

            await ExecutionView.PrintAsync(execution, session.Printer);
            return execution.Status == ExecutionStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
