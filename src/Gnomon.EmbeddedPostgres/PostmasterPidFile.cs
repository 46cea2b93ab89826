using System.Globalization;

namespace Gnomon.EmbeddedPostgres;

/// <summary>The parts of a cluster's <c>postmaster.pid</c> lock file that tell whether a server runs, and where.</summary>
/// <param name="ProcessId">Line 1: the postmaster's process id.</param>
/// <param name="Port">Line 4: its TCP port, or 0 when not yet written.</param>
internal sealed record PostmasterPidFile(int ProcessId, int Port)
{
    /// <summary>The file name inside the cluster directory.</summary>
    public const string FileName = "postmaster.pid";

    /// <summary>Reads the lock file in <paramref name="clusterDirectory"/>, or <see langword="null"/> when absent or unreadable.</summary>
    public static PostmasterPidFile? TryRead(string clusterDirectory)
    {
        var path = Path.Combine(clusterDirectory, FileName);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return TryParse(reader.ReadToEnd());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Parses the content of a lock file; <see langword="null"/> when line 1 is not a process id.</summary>
    public static PostmasterPidFile? TryParse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lines = content.Split('\n');
        if (!int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return null;
        }

        var port = 0;
        if (lines.Length >= 4 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            port = parsed;
        }

        return new PostmasterPidFile(pid, port);
    }
}
