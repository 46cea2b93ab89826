using System.CommandLine;
using System.Globalization;
using Gnomon.Bench.Commands;
using Gnomon.Bench.Systems;

namespace Gnomon.Bench.Suite;

/// <summary>
/// One scenario for one system, as passed to a child process on its command line:
/// <c>child --system S --scenario precision|sustained|throughput|scale --db CONNECTION --out FILE [--jobs K] [--warmup W]
/// [--seconds N] [--grace G] [--count N] [--warmup-count N] [--budget SECONDS] [--samples N]</c>.
/// </summary>
internal sealed record ChildRequest(
    string System,
    string Scenario,
    string ConnectionString,
    string OutputFile,
    int Jobs = 100,
    int WarmupSeconds = 5,
    int Seconds = 60,
    int GraceSeconds = 5,
    int Count = 10_000,
    int WarmupCount = 0,
    int BudgetSeconds = 120,
    int Samples = 1000)
{
    public static readonly string[] Scenarios = ["precision", "sustained", "throughput", "scale"];

    public IEnumerable<string> ToArguments() =>
    [
        "child", "--system", System, "--scenario", Scenario, "--db", ConnectionString, "--out", OutputFile,
        "--jobs", Text(Jobs), "--warmup", Text(WarmupSeconds), "--seconds", Text(Seconds), "--grace", Text(GraceSeconds),
        "--count", Text(Count), "--warmup-count", Text(WarmupCount), "--budget", Text(BudgetSeconds), "--samples", Text(Samples),
    ];

    /// <summary>The <c>child</c> command, which parses what <see cref="ToArguments"/> writes.</summary>
    public static Command CreateCommand()
    {
        var defaults = new ChildRequest("", "", "", "");
        var system = BenchOptions.OneOf("--system", SystemCatalog.Names, null, "the system to measure");
        var scenario = BenchOptions.OneOf("--scenario", Scenarios, null, "the scenario to run");
        var db = BenchOptions.Needed("--db", "CONNECTION", "the connection string of the (fresh) database to run on");
        var output = BenchOptions.Needed("--out", "FILE", "where to write the result, as JSON");
        var jobs = BenchOptions.Number("--jobs", defaults.Jobs, 0, "jobs (K) for precision, sustained and scale");
        var warmup = BenchOptions.Number("--warmup", defaults.WarmupSeconds, 0, "seconds of warm-up before the window (precision, sustained)");
        var seconds = BenchOptions.Number("--seconds", defaults.Seconds, 0, "seconds the window lasts (precision, sustained); scale: how long it watches the fires");
        var grace = BenchOptions.Number("--grace", defaults.GraceSeconds, 0, "seconds after the window before its slots are read (precision, sustained)");
        var count = BenchOptions.Number("--count", defaults.Count, 0, "executions to drain (throughput)");
        var warmupCount = BenchOptions.Number("--warmup-count", defaults.WarmupCount, 0, "executions of a warm-up round on a scratch database before the measured one (throughput)");
        var budget = BenchOptions.Number("--budget", defaults.BudgetSeconds, 0, "seconds the system may spend creating its jobs (sustained, scale)");
        var samples = BenchOptions.Number("--samples", defaults.Samples, 0, "requests timed per operation and page (scale)");
        var command = new Command("child", "one scenario of one system (what suite runs in each child process)")
        {
            system, scenario, db, output, jobs, warmup, seconds, grace, count, warmupCount, budget, samples,
        };
        command.SetAction((result, _) => ChildRunner.RunAsync(new ChildRequest(
            result.GetValue(system)!,
            result.GetValue(scenario)!,
            result.GetValue(db)!,
            result.GetValue(output)!,
            result.GetValue(jobs),
            result.GetValue(warmup),
            result.GetValue(seconds),
            result.GetValue(grace),
            result.GetValue(count),
            result.GetValue(warmupCount),
            result.GetValue(budget),
            result.GetValue(samples))));
        return command;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
