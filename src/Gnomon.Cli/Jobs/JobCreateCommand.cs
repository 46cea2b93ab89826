using System.CommandLine;
using Gnomon.Cli.Apply;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Cli.Jobs;

/// <summary><c>gnomon ctl jobs create</c>: one job from a file (<c>-f</c>), or from options for the common cases.</summary>
internal static class JobCreateCommand
{
    public static Command Build()
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "a JSON or YAML file holding one job, as POST /api/v1/jobs takes it", HelpName = "file" };
        var name = new Option<string>("--name") { Description = "the job's name", HelpName = "name" };
        var cron = new Option<string>("--cron") { Description = "fire on this cron expression (5 or 6 fields, seconds first)", HelpName = "expr" };
        var every = new Option<int?>("--every") { Description = "fire every N seconds", HelpName = "seconds" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "fire once, at this instant (RFC 3339)", HelpName = "instant", CustomParser = JobArguments.ParseInstant };
        var zone = new Option<string>("--tz") { Description = "the IANA time zone of --cron (default UTC)", HelpName = "zone" };
        var handler = new Option<string>("--handler") { Description = "run this .NET handler (noop is built in)", HelpName = "name" };
        var url = new Option<string>("--url") { Description = "call this URL", HelpName = "url" };
        var method = new Option<string>("--method") { Description = "the HTTP method of --url (default POST)", HelpName = "method" };
        var program = new Option<string>("--command") { Description = "run this program (shell executor; the worker must enable it)", HelpName = "path" };
        var args = new Option<string[]>("--arg") { Description = "an argument of --command (repeatable)", HelpName = "value" };
        var queue = new Option<string>("--queue") { Description = "its queue (default: default)", HelpName = "name" };
        var description = new Option<string>("--description") { Description = "free text", HelpName = "text" };
        var labels = JobArguments.Labels("a label to put on the job (repeatable)");
        var paused = new Option<bool>("--paused") { Description = "create it paused" };
        var command = new Command("create", "creates a job: -f FILE, or --name with one of --cron/--every/--at and one of --handler/--url/--command")
        {
            file, name, cron, every, at, zone, handler, url, method, program, args, queue, description, labels, paused,
        };
        Option[] fromOptions = [name, cron, every, at, zone, handler, url, method, program, args, queue, description, labels, paused];
        CtlAction.Set(command, async (session, result, ct) =>
        {
            JobDefinition definition;
            if (result.GetValue(file) is { } path)
            {
                if (fromOptions.FirstOrDefault(o => result.GetResult(o) is not null) is { } extra)
                {
                    throw new CtlUsageException($"{extra.Name} cannot be combined with --file: the file holds the whole job");
                }

                var jobs = JobFiles.Read([path.FullName]);
                definition = jobs.Count == 1 ? jobs[0].Definition : throw new CtlUsageException($"{path}: holds {jobs.Count} jobs; jobs create takes one (gnomon ctl apply -f takes many)");
            }
            else
            {
                definition = new JobDefinition
                {
                    Name = result.GetValue(name) ?? throw new CtlUsageException("--name is required (or --file)"),
                    Schedule = One("a schedule", (cron, result.GetValue(cron) is { } c ? Schedule.FromCron(c, result.GetValue(zone)) : null), (every, result.GetValue(every) is { } s ? new Schedule { IntervalSeconds = s } : null), (at, result.GetValue(at) is { } a ? Schedule.Once(a) : null)),
                    Executor = One<Executor>("an executor", (handler, result.GetValue(handler) is { } h ? new HandlerExecutor { Handler = h } : null), (url, result.GetValue(url) is { } u ? new HttpExecutor { Url = u, Method = result.GetValue(method) } : null), (program, result.GetValue(program) is { } p ? new ShellExecutor { Command = p, Args = result.GetValue(args) } : null)),
                    Queue = result.GetValue(queue),
                    Description = result.GetValue(description),
                    Labels = JobArguments.ParseLabels(result.GetValue(labels)),
                    Paused = result.GetValue(paused) ? true : null,
                };
                Refuse(result, zone, "--cron", result.GetValue(cron) is null);
                Refuse(result, method, "--url", result.GetValue(url) is null);
                Refuse(result, args, "--command", result.GetValue(program) is null);
            }

            var job = await session.Client.CreateJobAsync(definition, ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(job) : session.Printer.LineAsync($"job {job.Name} created ({job.Id}); next fire {session.Printer.Time(job.NextFireAt)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static T One<T>(string what, params (Option Option, T? Value)[] choices)
        where T : class
    {
        var given = choices.Where(c => c.Value is not null).ToList();
        return given.Count switch
        {
            1 => given[0].Value!,
            0 => throw new CtlUsageException($"{what} is required: one of {string.Join(", ", choices.Select(c => c.Option.Name))}"),
            _ => throw new CtlUsageException($"{string.Join(" and ", given.Select(c => c.Option.Name))} cannot be combined: give one"),
        };
    }

    private static void Refuse(ParseResult result, Option option, string needs, bool missing)
    {
        if (missing && result.GetResult(option) is not null)
        {
            throw new CtlUsageException($"{option.Name} applies only with {needs}");
        }
    }
}
