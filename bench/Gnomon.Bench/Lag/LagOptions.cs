using System.CommandLine;
using Gnomon.Bench.Commands;
using Gnomon.Host.Commands;

namespace Gnomon.Bench.Lag;

/// <summary>
/// The lag scenario's switches; any <c>--Section:Key=value</c> is passed to the Gnomon node. <c>--listener none</c> runs
/// the same jobs with the <c>noop</c> handler instead of a call, for the engine's own start lag under the same conditions;
/// <c>--bare</c> sends the calls from a plain <see cref="System.Net.Http.HttpClient"/> instead of Gnomon (<see cref="BareCaller"/>).
/// </summary>
internal sealed record LagOptions(int Jobs, int Seconds, int Warmup, string Listener, bool Trace, bool Bare, IReadOnlyList<string> Settings)
{
    public static Command CreateCommand()
    {
        var jobs = BenchOptions.Number("--jobs", 100, 1, "jobs (K), each on the cron '* * * * * *' calling the listener");
        var seconds = BenchOptions.Number("--seconds", 60, 1, "seconds the measured window lasts");
        var warmup = BenchOptions.Number("--warmup", 5, 1, "seconds of warm-up before the window");
        var listener = BenchOptions.OneOf(
            "--listener", ["dotnet", "node", "none"], "dotnet", "who receives the calls: Kestrel in this process, listener.mjs under Node.js, or none (the noop handler instead of a call)");
        var trace = new Option<bool>("--trace") { Description = "time where the lag goes in this process (the worker's start, HttpClient's steps, sockets, DNS, the thread pool, the GC) and print it" };
        var bare = new Option<bool>("--bare") { Description = "no scheduler: one plain HttpClient sends every call on each whole second, the floor of the figure" };
        // Unmatched tokens are Gnomon settings; ConfigurationSwitches refuses any that names none.
        var command = new Command(
            "lag",
            "one in-process node on its own embedded PostgreSQL; fire lag of K every-second http jobs, by a local listener. "
            + "Any Gnomon setting may follow as --Section:Key=value (e.g. --Worker:Concurrency=1000).")
        {
            jobs,
            seconds,
            warmup,
            listener,
            trace,
            bare,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, _) =>
        {
            List<string> settings;
            try
            {
                settings = ConfigurationSwitches.Parse(result.UnmatchedTokens);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            return LagScenario.RunAsync(new LagOptions(
                result.GetValue(jobs), result.GetValue(seconds), result.GetValue(warmup), result.GetValue(listener)!, result.GetValue(trace), result.GetValue(bare), settings));
        });
        return command;
    }
}
