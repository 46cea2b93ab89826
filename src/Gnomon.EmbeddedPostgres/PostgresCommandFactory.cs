using System.Diagnostics;

namespace Gnomon.EmbeddedPostgres;

/// <summary>
/// Builds the start info for PostgreSQL's programs, running them as <see cref="RunAsUser"/> through
/// <c>runuser</c> when set.
/// </summary>
/// <remarks>PostgreSQL refuses to run as root, so a root process hands its programs to the <c>postgres</c> user.</remarks>
internal sealed class PostgresCommandFactory(string? runAsUser)
{
    private static readonly string[] RunUserCandidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];

    /// <summary>The account the programs run as, or <see langword="null"/> for the current one.</summary>
    public string? RunAsUser { get; } = runAsUser;

    /// <summary>The start info that runs <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    public ProcessStartInfo Create(string executable, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        ProcessStartInfo startInfo;
        if (RunAsUser is null)
        {
            startInfo = new ProcessStartInfo(executable);
        }
        else
        {
            startInfo = new ProcessStartInfo(RunUserPath);
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(RunAsUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A working directory every account can enter: the caller's may be private to it (e.g. under /root).
        startInfo.WorkingDirectory = "/";
        return startInfo;
    }

    private static string RunUserPath => RunUserCandidates.FirstOrDefault(File.Exists) ?? "runuser";
}
