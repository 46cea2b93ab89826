using System.Globalization;

namespace Gnomon.Bench.Lag;

/// <summary>
/// The lag scenario's switches; any <c>--Section:Key=value</c> is passed to the Gnomon node. <c>--listener none</c> runs
/// the same jobs with the <c>noop</c> handler instead of a call, for the engine's own start lag under the same conditions;
/// <c>--bare</c> sends the calls from a plain <see cref="System.Net.Http.HttpClient"/> instead of Gnomon (<see cref="BareCaller"/>).
/// </summary>
internal sealed record LagOptions(int Jobs, int Seconds, int Warmup, string Listener, bool Trace, bool Bare, IReadOnlyList<string> Settings)
{
    public static LagOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "lag")
        {
            return null;
        }

        int jobs = 100, seconds = 60, warmup = 5;
        var listener = "dotnet";
        var trace = false;
        var bare = false;
        var settings = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--trace")
            {
                trace = true;
                continue;
            }

            if (args[i] == "--bare")
            {
                bare = true;
                continue;
            }

            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Contains(':', StringComparison.Ordinal) && args[i].Contains('=', StringComparison.Ordinal))
            {
                settings.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                return null;
            }

            var text = args[++i];
            if (args[i - 1] == "--listener")
            {
                if (text is not ("dotnet" or "node" or "none"))
                {
                    return null;
                }

                listener = text;
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return null;
            }

            switch (args[i - 1])
            {
                case "--jobs": jobs = value; break;
                case "--seconds": seconds = value; break;
                case "--warmup": warmup = value; break;
                default: return null;
            }
        }

        return new LagOptions(jobs, seconds, warmup, listener, trace, bare, settings);
    }
}
