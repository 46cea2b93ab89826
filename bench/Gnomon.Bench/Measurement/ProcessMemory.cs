using System.Globalization;

namespace Gnomon.Bench.Measurement;

/// <summary>Resident memory of a process, read from <c>/proc</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) of this process, in MiB.</summary>
    public static double PeakRssMiB() => Read("/proc/self/status", "VmHWM:");

    /// <summary>Current resident set size (VmRSS) of process <paramref name="pid"/>, in MiB.</summary>
    public static double RssMiB(int pid) => Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", "VmRSS:");

    private static double Read(string path, string field)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        return double.NaN;
    }
}
