using Gnomon.Bench.Systems.Gnomon;
using Gnomon.Bench.Systems.Hangfire;
using Gnomon.Bench.Systems.Quartz;

namespace Gnomon.Bench.Systems;

/// <summary>The systems the harness knows, by the short name used on its command line.</summary>
internal static class SystemCatalog
{
    private static readonly Dictionary<string, Func<ISystemUnderTest>> Factories = new(StringComparer.Ordinal)
    {
        ["gnomon"] = () => new GnomonSystem(),
        ["quartz"] = () => new QuartzSystem(),
        ["hangfire"] = () => new HangfireSystem(),
    };

    /// <summary>Short names in the order the suite runs and prints them.</summary>
    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    public static ISystemUnderTest? Create(string name) => Factories.TryGetValue(name, out var factory) ? factory() : null;
}
