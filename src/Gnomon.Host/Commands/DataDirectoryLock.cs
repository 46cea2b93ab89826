using System.Globalization;

namespace Gnomon.Host.Commands;

/// <summary>
/// Held by a running <c>gnomon dev</c> on its data directory, so a second one on the same directory is refused
/// instead of adopting (and then stopping) the PostgreSQL the first still uses. The operating system releases it
/// when the holder dies, even by <c>kill -9</c>, which is when adopting the server left behind is right.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private const string FileName = "gnomon-dev.lock";

    // Beside the lock, not in it: .NET takes a shared flock on every open, which the exclusive one refuses.
    private const string HolderFileName = "gnomon-dev.pid";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or returns null with the holder's process id (as it wrote it) when another has it.</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory, out string? holder)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second process (or a second open here) is refused.
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(dataDirectory, HolderFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            holder = null;
            return new DataDirectoryLock(file);
        }
        catch (IOException)
        {
            holder = ReadHolder(Path.Combine(dataDirectory, HolderFileName));
            return null;
        }
    }

    public void Dispose() => _file.Dispose();

    private static string? ReadHolder(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit) ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
