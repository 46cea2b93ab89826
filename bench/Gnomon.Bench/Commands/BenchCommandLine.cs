using System.CommandLine;
using System.CommandLine.Parsing;
using Gnomon.Bench.Lag;
using Gnomon.Bench.Suite;

namespace Gnomon.Bench.Commands;

/// <summary>The harness's commands, on System.CommandLine: exit code 2 for a usage error, else the command's own.</summary>
internal static class BenchCommandLine
{
    private const string Program = "Gnomon.Bench";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("The Gnomon benchmark harness: Gnomon beside Quartz.NET and Hangfire on the same PostgreSQL (docs/benchmarks.md).")
        {
            SuiteOptions.CreateCommand(),
            ChildRequest.CreateCommand(),
            LagOptions.CreateCommand(),
            DbCostScenario.CreateCommand(),
            ClusterOptions.ThroughputCommand(),
            ClusterOptions.TakeoverCommand(),
        };
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        // No response files: a connection string or a key may well begin with '@'.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (args.Length == 0)
        {
            await parse.InvokeAsync(invocation);
            return 2;
        }

        if (parse.Errors.Count > 0)
        {
            var unknownCommand = parse.CommandResult.Command == root && !args[0].StartsWith('-');
            return await RefuseAsync(parse, error, unknownCommand ? [$"unknown command '{args[0]}'"] : [.. parse.Errors.Select(e => e.Message)]);
        }

        try
        {
            return await parse.InvokeAsync(invocation);
        }
        catch (UsageException ex)
        {
            return await RefuseAsync(parse, error, [ex.Message]);
        }
    }

    private static async Task<int> RefuseAsync(ParseResult parse, TextWriter error, IReadOnlyList<string> messages)
    {
        foreach (var message in messages)
        {
            await error.WriteLineAsync($"{Program}: {message}");
        }

        var command = parse.CommandResult.Command is RootCommand ? "" : $"{parse.CommandResult.Command.Name} ";
        await error.WriteLineAsync($"Run '{Program} {command}--help' for usage.");
        return 2;
    }
}
