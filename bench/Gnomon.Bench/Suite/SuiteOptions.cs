namespace Gnomon.Bench.Suite;

/// <summary>
/// <c>suite [--size quick|full] [--systems gnomon,quartz,hangfire] [--scenarios ceiling,precision,sustained,throughput,scale,cluster]
/// [--report FILE]</c>: what to run, and the Markdown file whose generated section to rewrite (with charts beside it).
/// </summary>
internal sealed record SuiteOptions(SuiteSize Size, IReadOnlyList<string> Systems, IReadOnlyList<string> Scenarios, string? ReportFile)
{
    public static readonly string[] AllScenarios = ["ceiling", "precision", "sustained", "throughput", "scale", "cluster"];

    public static (SuiteOptions? Options, string? Error) Parse(IReadOnlyList<string> args, IReadOnlyList<string> knownSystems)
    {
        var options = new SuiteOptions(SuiteSize.Quick, knownSystems, AllScenarios, null);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return (null, $"{args[i]} needs a value");
            }

            var value = args[i + 1];
            var list = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (args[i])
            {
                case "--size":
                    if (SuiteSize.Parse(value) is not { } size)
                    {
                        return (null, "--size must be quick or full");
                    }

                    options = options with { Size = size };
                    break;
                case "--systems":
                    if (list.Length == 0 || list.FirstOrDefault(s => !knownSystems.Contains(s)) is { } unknownSystem)
                    {
                        return (null, $"--systems takes a comma-separated list of {string.Join(", ", knownSystems)}");
                    }

                    options = options with { Systems = list };
                    break;
                case "--scenarios":
                    if (list.Length == 0 || list.FirstOrDefault(s => !AllScenarios.Contains(s)) is { } unknownScenario)
                    {
                        return (null, $"--scenarios takes a comma-separated list of {string.Join(", ", AllScenarios)}");
                    }

                    options = options with { Scenarios = list };
                    break;
                case "--report":
                    options = options with { ReportFile = Path.GetFullPath(value) };
                    break;
                default:
                    return (null, $"unknown option {args[i]}");
            }
        }

        return (options, null);
    }
}
