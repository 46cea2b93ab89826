using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gnomon.Bench.Suite;

/// <summary>What the database itself can do: <c>pgbench</c>'s simple-update load (<c>-N -c 8 -j 2</c>) on the same server.</summary>
internal static partial class Ceiling
{
    public static async Task<double> MeasureTpsAsync(string binDirectory, int port, string database, int seconds, CancellationToken cancellationToken)
    {
        var pgbench = Path.Combine(binDirectory, "pgbench");
        string[] common = ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "postgres"];
        await RunAsync(pgbench, [.. common, "-i", "-q", "-s", "10", database], cancellationToken);
        var output = await RunAsync(pgbench, [.. common, "-N", "-c", "8", "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), database], cancellationToken);
        var match = Tps().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await stdout + await stderr;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}:\n{text}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
