using System.Runtime.InteropServices;

namespace Gnomon.Bench.Suite;

/// <summary>One line naming the machine the figures were taken on.</summary>
internal static class MachineDescription
{
    public static string Read()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : RuntimeInformation.OSDescription;
        var gib = memory is not null && long.TryParse(memory.Split(' ')[0], out var kib) ? $"{kib / 1024.0 / 1024.0:0} GiB" : "? GiB";
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {gib}, {os}, {RuntimeInformation.FrameworkDescription}";
    }
}
