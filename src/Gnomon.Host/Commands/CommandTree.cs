using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Gnomon.Cli;
using Gnomon.Host.Composition;

namespace Gnomon.Host.Commands;

/// <summary>The <c>gnomon</c> commands and their options, on System.CommandLine: one parser for every command, with help and completions.</summary>
internal static class CommandTree
{
    private const string Description = """
        Gnomon: a distributed job scheduler with second-precise cron.

        Besides its own options, every command takes any setting as --Section:Key=value (or --Section:Key value),
        in appsettings.json or as an environment variable (Section__Key); the database is ConnectionStrings__Gnomon.
        docs/operations.md lists every setting.
        """;

    /// <summary>The commands, writing to <paramref name="output"/>; each action returns the exit code and may throw <see cref="ArgumentException"/> (usage, exit 2) or a start-up failure (exit 1).</summary>
    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand(Description);
        root.Add(Dev(output));
        root.Add(Master(output));
        root.Add(Gateway(output));
        root.Add(Worker(output));
        root.Add(Postgres(output));
        root.Add(Settings("migrate", "applies the database schema and exits; needs ConnectionStrings:Gnomon", switches => CommandLine.MigrateAsync(switches, output)));
        var version = new Command("version", "prints the version");
        version.SetAction((_, _) => CommandLine.PrintVersionAsync(output));
        root.Add(version);
        root.Add(CtlCommand.Build());
        return root;
    }

    private static Command Dev(TextWriter output)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "where the embedded database lives", DefaultValueFactory = _ => ".gnomon", HelpName = "dir" };
        var port = Port(CommandLine.DefaultDevPort, "API port");
        var command = Settings("dev", "every role in one process on an embedded PostgreSQL, bound to 127.0.0.1, without a key", dataDir, port);
        command.SetAction((result, _) => CommandLine.DevAsync(result.GetValue(dataDir)!, result.GetValue(port) ?? CommandLine.DefaultDevPort, Switches(result), output));
        return command;
    }

    private static Command Master(TextWriter output) => Keyed(
        "master",
        "REST API and scheduler; needs ConnectionStrings:Gnomon and an API key (--Security:ApiKeys:0=<key>, sent as 'Authorization: Bearer <key>'); listens on --urls (default http://127.0.0.1:5000)",
        "serve the API without a key (Security:AllowAnonymous; trusted networks only)",
        switches => CommandLine.RunRolesAsync(GnomonRoles.Master, switches, output, "http://127.0.0.1:5000"));

    private static Command Gateway(TextWriter output) => Keyed(
        "gateway",
        "the gateway (YARP) in front of the masters: health checks, retries, rate limit; needs the masters (--Gateway:Masters:0=<url> …) and the masters' API keys; listens on --urls (default http://127.0.0.1:5080)",
        "pass requests on without a key (trusted networks only)",
        switches => CommandLine.GatewayAsync(switches, output));

    private static Command Worker(TextWriter output)
    {
        var queues = new Option<string>("--queues") { Description = "queues to serve (Worker:Queues), e.g. default or default:100,reports:2 or *", HelpName = "list" };
        var concurrency = new Option<string>("--concurrency") { Description = "executions per queue when the list names none (Worker:Concurrency, default 100)", HelpName = "n" };
        var command = Settings("worker", "claims and runs executions; needs ConnectionStrings:Gnomon", queues, concurrency);
        command.SetAction((result, _) =>
        {
            var switches = Switches(result);
            if (result.GetValue(queues) is { } list)
            {
                switches.Add($"--Worker:Queues={list}");
            }

            if (result.GetValue(concurrency) is { } n)
            {
                switches.Add($"--Worker:Concurrency={n}");
            }

            return CommandLine.RunRolesAsync(GnomonRoles.Worker, switches, output, "http://127.0.0.1:0");
        });
        return command;
    }

    private static Command Postgres(TextWriter output)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "where its data lives", Required = true, HelpName = "dir" };
        var port = Port(null, "its port (default: a free one)");
        var command = new Command("postgres", "an embedded PostgreSQL for a local cluster (scripts/cluster.sh), on 127.0.0.1, until stopped; prints the connection string")
        {
            dataDir,
            port,
        };
        command.SetAction((result, _) => CommandLine.PostgresAsync(result.GetValue(dataDir)!, result.GetValue(port), output));
        return command;
    }

    /// <summary>A command that also takes configuration switches, with no action of its own beyond passing them on.</summary>
    private static Command Settings(string name, string description, Func<List<string>, Task<int>> action)
    {
        var command = Settings(name, description);
        command.SetAction((result, _) => action(Switches(result)));
        return command;
    }

    /// <summary>A command whose unknown tokens are configuration switches (<see cref="ConfigurationSwitches"/>), not errors.</summary>
    private static Command Settings(string name, string description, params Option[] options)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in options)
        {
            command.Add(option);
        }

        return command;
    }

    private static List<string> Switches(ParseResult result) => ConfigurationSwitches.Parse(result.UnmatchedTokens);

    /// <summary>A command that serves the API and needs a key, or <c>--insecure</c> (turned into the setting it stands for).</summary>
    private static Command Keyed(string name, string description, string insecureDescription, Func<List<string>, Task<int>> run)
    {
        var insecure = new Option<bool>("--insecure") { Description = insecureDescription };
        var command = Settings(name, description, insecure);
        command.SetAction((result, _) =>
        {
            var switches = Switches(result);
            if (result.GetValue(insecure))
            {
                switches.Add("--Security:AllowAnonymous=true");
            }

            return run(switches);
        });
        return command;
    }

    private static Option<int?> Port(int? fallback, string description) => new("--port")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = ParsePort,
    };

    private static int? ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.SingleOrDefault()?.Value ?? "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        result.AddError($"--port must be a number from 1 to 65535, not '{text}'");
        return null;
    }
}
