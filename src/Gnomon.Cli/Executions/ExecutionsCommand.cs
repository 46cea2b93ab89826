using System.CommandLine;
using Gnomon.Cli.Jobs;
using Gnomon.Cli.Output;
using Gnomon.Client.Executions;

namespace Gnomon.Cli.Executions;

/// <summary><c>gnomon ctl executions …</c>: list, get, cancel, watch.</summary>
internal static class ExecutionsCommand
{
    public static Command Build() => new("executions", "list, show, cancel and follow executions")
    {
        List(),
        Get(),
        Cancel(),
        ExecutionWatchCommand.Build(),
    };

    private static Command List()
    {
        var filter = new ExecutionFilterOptions();
        var from = new Option<DateTimeOffset?>("--from") { Description = "only slots scheduled at or after this instant", HelpName = "instant", CustomParser = JobArguments.ParseInstant };
        var to = new Option<DateTimeOffset?>("--to") { Description = "only slots scheduled at or before this instant", HelpName = "instant", CustomParser = JobArguments.ParseInstant };
        var limit = JobArguments.Limit();
        var all = JobArguments.All();
        var command = new Command("list", "lists executions, newest first") { from, to, limit, all };
        filter.AddTo(command);
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var query = filter.Read(result) with { From = result.GetValue(from), To = result.GetValue(to) };
            int? max = result.GetValue(all) ? null : result.GetValue(limit);
            var rows = await Paged.ReadAsync(session.Client.ListExecutionsAsync(query, Paged.PageSize(max), ct), max, session, "executions", ct);
            await (session.Printer.IsJson ? session.Printer.JsonAsync(rows) : session.Printer.TableAsync(ExecutionView.Headers, rows.Select(e => ExecutionView.Row(e, session.Printer))));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get()
    {
        var id = Id();
        var command = new Command("get", "shows one execution with its attempts and output") { id };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            await ExecutionView.PrintAsync(await session.Client.GetExecutionAsync(result.GetValue(id), ct), session.Printer);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = Id();
        var command = new Command("cancel", "cancels a pending execution at once, a running one by stopping its work") { id };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var execution = await session.Client.CancelExecutionAsync(result.GetValue(id), ct);
            var state = execution.Status == ExecutionStatus.Cancelled ? "cancelled" : "cancel requested; its work is being stopped";
            await (session.Printer.IsJson ? session.Printer.JsonAsync(execution) : session.Printer.LineAsync($"execution {execution.Id}: {state}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<Guid> Id() => new("id")
    {
        Description = "the execution's id",
        CustomParser = r =>
        {
            var text = r.Tokens.SingleOrDefault()?.Value ?? "";
            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            r.AddError($"id must be an execution id (a UUID), not '{text}'");
            return Guid.Empty;
        },
    };
}
