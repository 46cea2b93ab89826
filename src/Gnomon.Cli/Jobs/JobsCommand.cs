using System.CommandLine;
using Gnomon.Cli.Output;
using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Jobs;

/// <summary><c>gnomon ctl jobs …</c>: list, get, create, delete, pause, resume, trigger, next-fires.</summary>
internal static class JobsCommand
{
    public static Command Build() => new("jobs", "list, show and change jobs")
    {
        List(),
        Get(),
        JobCreateCommand.Build(),
        Delete(),
        Simple("pause", "stops a job firing", (s, job, ct) => s.Client.PauseJobAsync(job, ct), "paused"),
        Simple("resume", "starts a paused job firing again, from now", (s, job, ct) => s.Client.ResumeJobAsync(job, ct), "resumed"),
        JobTriggerCommand.Build(),
        NextFires(),
    };

    private static Command List()
    {
        var queue = new Option<string>("--queue") { Description = "only jobs of this queue", HelpName = "name" };
        var paused = new Option<bool?>("--paused") { Description = "true: only paused jobs; false: only those that fire", HelpName = "true|false" };
        var name = new Option<string>("--name-contains", "-q") { Description = "only jobs whose name contains this text", HelpName = "text" };
        var labels = JobArguments.Labels("only jobs with this label (repeatable: every one must match)");
        var limit = JobArguments.Limit();
        var all = JobArguments.All();
        var command = new Command("list", "lists jobs, newest first") { queue, paused, name, labels, limit, all };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var filter = new JobFilter
            {
                Queue = result.GetValue(queue),
                Paused = result.GetValue(paused),
                NameContains = result.GetValue(name),
                Labels = JobArguments.ParseLabels(result.GetValue(labels)),
            };
            int? max = result.GetValue(all) ? null : result.GetValue(limit);
            var rows = await Paged.ReadAsync(session.Client.ListJobsAsync(filter, Paged.PageSize(max), ct), max, session, "jobs", ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(rows) : session.Printer.TableAsync(JobView.Headers, rows.Select(j => JobView.Row(j, session.Printer))));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get()
    {
        var job = JobArguments.Job();
        var command = new Command("get", "shows one job in full") { job };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            await JobView.PrintAsync(await session.Client.GetJobAsync(result.GetValue(job)!, ct), session.Printer);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var job = JobArguments.Job();
        var ifMatch = new Option<string>("--if-match") { Description = "only if the job still has this ETag (from jobs get -o json: its version, quoted)", HelpName = "etag" };
        var command = new Command("delete", "deletes a job; its pending executions are cancelled, its history kept") { job, ifMatch };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var name = result.GetValue(job)!;
            await session.Client.DeleteJobAsync(name, result.GetValue(ifMatch), ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(new { job = name, deleted = true }) : session.Printer.LineAsync($"job {name} deleted"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Simple(string name, string description, Func<CtlSession, string, CancellationToken, Task<Job>> call, string done)
    {
        var job = JobArguments.Job();
        var command = new Command(name, description) { job };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var changed = await call(session, result.GetValue(job)!, ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(changed) : session.Printer.LineAsync($"job {changed.Name} {done}; next fire {session.Printer.Time(changed.NextFireAt)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command NextFires()
    {
        var job = JobArguments.Job();
        var count = JobArguments.Count(10, 100, "how many (1–100, default 10)");
        var command = new Command("next-fires", "the next instants a job fires at") { job, count };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var fires = await session.Client.GetNextFiresAsync(result.GetValue(job)!, result.GetValue(count), ct);
            await (session.Printer.IsJson
                ? session.Printer.JsonAsync(new { fires })
                : session.Printer.TableAsync(["FIRE"], fires.Select(f => (IReadOnlyList<Cell>)[session.Printer.Time(f)])));
            return ExitCodes.Ok;
        });
        return command;
    }
}
