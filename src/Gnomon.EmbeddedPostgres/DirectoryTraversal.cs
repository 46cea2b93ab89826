using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gnomon.EmbeddedPostgres;

/// <summary>
/// Makes sure the account PostgreSQL runs as can reach the data directory when the launcher runs as root.
/// </summary>
/// <remarks>
/// A directory on the path that the account cannot enter is fixed only when root owns it, and only by adding
/// the search bit for others (<c>o+x</c>): that lets processes pass through without listing or reading it, which
/// is the least that works. A directory owned by anyone else is left alone and reported, since changing another
/// user's permissions is not the launcher's call.
/// </remarks>
internal static class DirectoryTraversal
{
    /// <summary>Ensures <paramref name="user"/> can traverse every directory from <c>/</c> down to <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">A directory not owned by root blocks the way.</exception>
    public static async Task EnsureTraversableAsync(string directory, string user, ILogger logger, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The embedded PostgreSQL launcher runs on Linux and macOS only.");
        }

        var userUid = await UidOfAsync(user, cancellationToken).ConfigureAwait(false);
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            var mode = File.GetUnixFileMode(current);
            if ((mode & UnixFileMode.OtherExecute) != 0)
            {
                continue;
            }

            var ownerUid = await OwnerUidAsync(current, cancellationToken).ConfigureAwait(false);
            switch (Decide(mode, ownerUid, userUid))
            {
                case TraversalDecision.Traversable:
                    break;
                case TraversalDecision.AddOtherExecute:
                    File.SetUnixFileMode(current, mode | UnixFileMode.OtherExecute);
                    EmbeddedPostgresServer.Log.MadeDirectoryTraversable(logger, current, user);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"PostgreSQL refuses to run as root, so it runs as '{user}', but '{user}' cannot enter '{current}' " +
                        $"(mode {Convert.ToString((int)mode, 8)}, owner uid {ownerUid}) on the way to the data directory '{directory}'. " +
                        "Use a data directory under /var or /tmp (e.g. --data-dir /var/lib/gnomon), or grant that user search (x) permission on it.");
            }
        }
    }

    /// <summary>What to do about one directory on the path.</summary>
    internal static TraversalDecision Decide(UnixFileMode mode, int ownerUid, int userUid)
    {
        if ((mode & UnixFileMode.OtherExecute) != 0 || (ownerUid == userUid && (mode & UnixFileMode.UserExecute) != 0))
        {
            return TraversalDecision.Traversable;
        }

        return ownerUid == 0 ? TraversalDecision.AddOtherExecute : TraversalDecision.Blocked;
    }

    private static async Task<int> UidOfAsync(string user, CancellationToken cancellationToken) =>
        ParseId(await ProcessRunner.RunAsync(new ProcessStartInfo("id") { ArgumentList = { "-u", user } }, cancellationToken).ConfigureAwait(false), $"user '{user}'");

    private static async Task<int> OwnerUidAsync(string path, CancellationToken cancellationToken) =>
        ParseId(await ProcessRunner.RunAsync(new ProcessStartInfo("stat") { ArgumentList = { "-c", "%u", path } }, cancellationToken).ConfigureAwait(false), $"owner of '{path}'");

    private static int ParseId(ProcessResult result, string what)
    {
        if (!result.Succeeded || !int.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new InvalidOperationException($"Could not find the uid of the {what}: {result.CombinedOutput}");
        }

        return id;
    }
}
