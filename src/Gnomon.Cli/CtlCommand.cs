using System.CommandLine;
using Gnomon.Cli.Apply;
using Gnomon.Cli.Cron;
using Gnomon.Cli.Executions;
using Gnomon.Cli.Jobs;
using Gnomon.Cli.Nodes;

namespace Gnomon.Cli;

/// <summary><c>gnomon ctl</c>: the command-line client of a running Gnomon, through its public API only.</summary>
public static class CtlCommand
{
    private const string Description = """
        the command-line client of a running Gnomon, through its HTTP API (docs/api.md)

        Exit codes: 0 ok, 1 failure (server unreachable, key refused, a waited-for execution did not succeed),
        2 usage (a bad option, file or field), 3 not found, 4 conflict (a taken name, a finished execution, a job
        changed meanwhile).
        """;

    public static Command Build()
    {
        var ctl = new Command("ctl", Description)
        {
            JobsCommand.Build(),
            ExecutionsCommand.Build(),
            NodesCommand.Build(),
            CronCommand.Build(),
            ApplyCommand.Build(),
        };
        foreach (var option in CtlOptions.All)
        {
            ctl.Add(option);
        }

        return ctl;
    }
}
