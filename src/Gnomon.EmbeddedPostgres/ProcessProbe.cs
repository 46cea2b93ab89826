using System.Diagnostics;

namespace Gnomon.EmbeddedPostgres;

/// <summary>Tells whether a process id belongs to a live PostgreSQL server.</summary>
internal static class ProcessProbe
{
    private static bool HasProc => Directory.Exists("/proc/self");

    /// <summary>Inspects process <paramref name="processId"/>.</summary>
    public static ProcessState Inspect(int processId)
    {
        if (HasProc)
        {
            try
            {
                return ParseProcStat(File.ReadAllText($"/proc/{processId}/stat"));
            }
            catch (IOException)
            {
                return ProcessState.Dead;
            }
        }

        // Without /proc (not Linux) a zombie cannot be told apart; the name check still catches a reused id.
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited ? ProcessState.Dead
                : string.Equals(process.ProcessName, "postgres", StringComparison.Ordinal) ? ProcessState.LivePostgres
                : ProcessState.Other;
        }
        catch (ArgumentException)
        {
            return ProcessState.Dead;
        }
    }

    /// <summary>
    /// Whether a live process has <paramref name="directory"/> as its working directory. Every PostgreSQL process
    /// works inside its cluster directory, so this finds servers (or orphaned backends) even without a lock file.
    /// </summary>
    /// <returns>The first such process id, or <see langword="null"/>; always <see langword="null"/> without /proc.</returns>
    public static int? FindProcessWorkingIn(string directory)
    {
        if (!HasProc)
        {
            return null;
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && string.Equals(Path.TrimEndingDirectorySeparator(cwd), target, StringComparison.Ordinal)
                    && Inspect(pid) == ProcessState.LivePostgres)
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited meanwhile, or belongs to another user: not ours to judge.
            }
        }

        return null;
    }

    /// <summary>Classifies a line of <c>/proc/&lt;pid&gt;/stat</c>: <c>pid (comm) state …</c>.</summary>
    internal static ProcessState ParseProcStat(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length)
        {
            return ProcessState.Other;
        }

        var command = stat[(open + 1)..close];
        var state = stat[close + 2];
        if (state is 'Z' or 'X' or 'x')
        {
            return ProcessState.Other;
        }

        return string.Equals(command, "postgres", StringComparison.Ordinal) ? ProcessState.LivePostgres : ProcessState.Other;
    }
}
