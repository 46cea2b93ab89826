using System.Globalization;

namespace Gnomon.Bench.Measurement;

/// <summary>CPU time (user and system) a process has used so far, read from <c>/proc/PID/stat</c>.</summary>
internal static class ProcessCpu
{
    // USER_HZ, which /proc reports in; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        // The command name may hold spaces; the fields after its closing parenthesis are fixed (utime is 14th, stime 15th).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
