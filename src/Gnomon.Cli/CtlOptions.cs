using System.CommandLine;
using Gnomon.Cli.Output;

namespace Gnomon.Cli;

/// <summary>The options every <c>gnomon ctl</c> command takes (recursive: given anywhere on the line).</summary>
internal static class CtlOptions
{
    public const string DefaultServer = "http://127.0.0.1:5050/";
    public const string ServerVariable = "GNOMON_URL";
    public const string ApiKeyVariable = "GNOMON_API_KEY";

    public static readonly Option<string> Server = new("--server")
    {
        Description = $"the master or gateway to talk to (else ${ServerVariable}, else {DefaultServer})",
        HelpName = "url",
        Recursive = true,
    };

    // Read from the environment when the action runs, never as a default value: help would print it.
    public static readonly Option<string> ApiKey = new("--api-key")
    {
        Description = $"the API key (else ${ApiKeyVariable}); none for gnomon dev",
        HelpName = "key",
        Recursive = true,
    };

    public static readonly Option<string> Output = CreateOutput();

    public static readonly Option<bool> Utc = new("--utc")
    {
        Description = "print times in UTC rather than local time",
        Recursive = true,
    };

    public static OutputFormat Format(ParseResult result) => result.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;

    public static IEnumerable<Option> All => [Server, ApiKey, Output, Utc];

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table (for people) or json (for scripts)",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }
}
