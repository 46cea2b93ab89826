using System.CommandLine;
using Gnomon.Client.Executions;

namespace Gnomon.Cli.Executions;

/// <summary>The filters <c>executions list</c> and <c>executions watch</c> share.</summary>
internal sealed class ExecutionFilterOptions
{
    private readonly Option<string> _job = new("--job") { Description = "only executions of this job (name or id)", HelpName = "job" };
    private readonly Option<ExecutionStatus[]> _status = new("--status") { Description = "only executions in this state (repeatable): pending, running, succeeded, failed, timedOut, cancelled, skipped", HelpName = "state" };
    private readonly Option<string> _queue = new("--queue") { Description = "only executions of this queue", HelpName = "name" };

    public void AddTo(Command command)
    {
        command.Add(_job);
        command.Add(_status);
        command.Add(_queue);
    }

    public ExecutionFilter Read(ParseResult result) => new()
    {
        Job = result.GetValue(_job),
        Statuses = result.GetValue(_status) is { Length: > 0 } statuses ? statuses : null,
        Queue = result.GetValue(_queue),
    };
}
