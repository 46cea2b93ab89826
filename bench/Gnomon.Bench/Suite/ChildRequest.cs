using System.Globalization;

namespace Gnomon.Bench.Suite;

/// <summary>
/// One scenario for one system, as passed to a child process on its command line:
/// <c>child --system S --scenario precision|sustained|throughput|scale --db CONNECTION --out FILE [--jobs K] [--warmup W]
/// [--seconds N] [--grace G] [--count N] [--budget SECONDS] [--samples N]</c>.
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
    int BudgetSeconds = 120,
    int Samples = 1000)
{
    public static readonly string[] Scenarios = ["precision", "sustained", "throughput", "scale"];

    public IEnumerable<string> ToArguments() =>
    [
        "child", "--system", System, "--scenario", Scenario, "--db", ConnectionString, "--out", OutputFile,
        "--jobs", Text(Jobs), "--warmup", Text(WarmupSeconds), "--seconds", Text(Seconds), "--grace", Text(GraceSeconds),
        "--count", Text(Count), "--budget", Text(BudgetSeconds), "--samples", Text(Samples),
    ];

    /// <summary>Parses the arguments after <c>child</c>; null with a message when one is wrong.</summary>
    public static (ChildRequest? Request, string? Error) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                return (null, $"expected --name value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string? Need(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        if (Need("system") is not { } system || Need("scenario") is not { } scenario || Need("db") is not { } db || Need("out") is not { } output)
        {
            return (null, "--system, --scenario, --db and --out are required");
        }

        if (!Scenarios.Contains(scenario))
        {
            return (null, $"--scenario must be one of {string.Join(", ", Scenarios)}");
        }

        var request = new ChildRequest(system, scenario, db, output);
        foreach (var (name, value) in values)
        {
            if (name is "system" or "scenario" or "db" or "out")
            {
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)
            {
                return (null, $"--{name} must be a whole number ≥ 0");
            }

            request = name switch
            {
                "jobs" => request with { Jobs = n },
                "warmup" => request with { WarmupSeconds = n },
                "seconds" => request with { Seconds = n },
                "grace" => request with { GraceSeconds = n },
                "count" => request with { Count = n },
                "budget" => request with { BudgetSeconds = n },
                "samples" => request with { Samples = n },
                _ => null!,
            };
            if (request is null)
            {
                return (null, $"unknown option --{name}");
            }
        }

        return (request, null);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
