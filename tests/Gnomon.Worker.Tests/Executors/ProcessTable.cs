using System.Globalization;

namespace Gnomon.Worker.Tests.Executors;

/// <summary>Reads Linux's /proc to find a process's descendants and whether they are still alive.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<(int Pid, string Command)> SelfAndDescendants(int root)
    {
        var all = new List<(int Pid, int ParentPid, string Command)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryReadStat(pid, out var stat))
            {
                all.Add((pid, stat.ParentPid, stat.Command));
            }
        }

        var found = new List<(int Pid, string Command)>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var pid))
        {
            foreach (var process in all.Where(p => p.Pid == pid))
            {
                found.Add((process.Pid, process.Command));
            }

            foreach (var child in all.Where(p => p.ParentPid == pid))
            {
                frontier.Enqueue(child.Pid);
            }
        }

        return found;
    }

    /// <summary>Gone from /proc, or a zombie waiting for a parent that does not reap it.</summary>
    public static bool IsDead(int pid) => !TryReadStat(pid, out var stat) || stat.State == 'Z';

    private static bool TryReadStat(int pid, out (char State, int ParentPid, string Command) stat)
    {
        stat = default;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid …"; comm may contain spaces and parentheses, so split at the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var rest = text[(close + 2)..].Split(' ');
        stat = (rest[0][0], int.Parse(rest[1], CultureInfo.InvariantCulture), text[(open + 1)..close]);
        return true;
    }
}
