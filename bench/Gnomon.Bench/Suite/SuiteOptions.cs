using System.CommandLine;
using Gnomon.Bench.Commands;
using Gnomon.Bench.Systems;

namespace Gnomon.Bench.Suite;

/// <summary>
/// <c>suite [--size quick|full] [--systems gnomon,quartz,hangfire] [--scenarios ceiling,precision,sustained,throughput,scale,cluster]
/// [--report FILE]</c>: what to run, and the Markdown file whose generated section to rewrite (with charts beside it).
/// </summary>
internal sealed record SuiteOptions(SuiteSize Size, IReadOnlyList<string> Systems, IReadOnlyList<string> Scenarios, string? ReportFile)
{
    public static readonly string[] AllScenarios = ["ceiling", "precision", "sustained", "throughput", "scale", "cluster"];

    public static Command CreateCommand()
    {
        var size = BenchOptions.OneOf(
            "--size", [SuiteSize.Quick.Name, SuiteSize.Full.Name], SuiteSize.Quick.Name, "quick: each scenario in about a minute; full: the figures of record, ~30 minutes in all");
        var systems = BenchOptions.SomeOf("--systems", SystemCatalog.Names, "the systems to measure, comma-separated (default: all)");
        var scenarios = BenchOptions.SomeOf("--scenarios", AllScenarios, "the scenarios to run, comma-separated (default: all)");
        var report = new Option<string>("--report")
        {
            Description = "a Markdown file (docs/benchmarks.md) whose generated section to rewrite, with its charts beside it; without it the tables are only printed",
            HelpName = "FILE",
        };
        var command = new Command(
            "suite",
            "the comparison: its own embedded PostgreSQL, pgbench's ceiling, each scenario against each system in a child process; prints one table and, with --report, rewrites FILE's generated section and its charts")
        {
            size,
            systems,
            scenarios,
            report,
        };
        command.SetAction((result, _) => SuiteRunner.RunAsync(new SuiteOptions(
            SuiteSize.Parse(result.GetValue(size)!)!,
            result.GetValue(systems) ?? SystemCatalog.Names,
            result.GetValue(scenarios) ?? AllScenarios,
            result.GetValue(report) is { } file ? Path.GetFullPath(file) : null)));
        return command;
    }
}
