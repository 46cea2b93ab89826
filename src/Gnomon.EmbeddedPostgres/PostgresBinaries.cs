using System.Diagnostics;
using System.Globalization;

namespace Gnomon.EmbeddedPostgres;

/// <summary>The directory holding PostgreSQL's server programs, and where it came from.</summary>
/// <param name="BinDirectory">Directory with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</param>
/// <param name="Source">How it was chosen, for the log.</param>
internal sealed record PostgresBinaries(string BinDirectory, string Source)
{
    /// <summary>The environment variable that overrides discovery.</summary>
    public const string EnvironmentVariable = "GNOMON_PG_BIN";

    private static readonly string[] RequiredPrograms = ["initdb", "pg_ctl", "postgres"];

    /// <summary>Path of <c>initdb</c>.</summary>
    public string InitDb => Path.Combine(BinDirectory, "initdb");

    /// <summary>Path of <c>pg_ctl</c>.</summary>
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// Finds the binaries: <paramref name="configured"/>, else <c>GNOMON_PG_BIN</c>, else <c>pg_config --bindir</c>,
    /// else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An explicit directory lacks a program, or none was found.</exception>
    public static Task<PostgresBinaries> ResolveAsync(string? configured, CancellationToken cancellationToken) =>
        ResolveAsync(configured, Environment.GetEnvironmentVariable(EnvironmentVariable), PgConfigBinDirectoryAsync, "/usr/lib/postgresql", cancellationToken);

    /// <summary>Discovery with its inputs made explicit, for tests.</summary>
    internal static async Task<PostgresBinaries> ResolveAsync(
        string? configured,
        string? environmentValue,
        Func<CancellationToken, Task<string?>> pgConfigBinDirectory,
        string distributionRoot,
        CancellationToken cancellationToken)
    {
        // An explicit choice that is wrong is an error, never a reason to fall back to some other installation.
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Explicit(configured, "EmbeddedPostgresOptions.BinDirectory");
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Explicit(environmentValue, $"environment variable {EnvironmentVariable}");
        }

        var fromPgConfig = await pgConfigBinDirectory(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(fromPgConfig) && MissingPrograms(fromPgConfig).Count == 0)
        {
            return new PostgresBinaries(fromPgConfig, "pg_config --bindir");
        }

        var newest = NewestDistributionBinDirectory(distributionRoot);
        if (newest is not null)
        {
            return new PostgresBinaries(newest, $"newest of {distributionRoot}/*/bin");
        }

        throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found: {EnvironmentVariable} is unset, " +
            $"pg_config is missing or points elsewhere, and {distributionRoot}/*/bin holds none. " +
            $"Install them (Debian: run scripts/ensure-prerequisites.sh, or apt-get install postgresql) or set {EnvironmentVariable}.");
    }

    /// <summary>The programs in <see cref="RequiredPrograms"/> that <paramref name="directory"/> lacks.</summary>
    internal static IReadOnlyList<string> MissingPrograms(string directory) =>
        RequiredPrograms.Where(p => !File.Exists(Path.Combine(directory, p))).ToList();

    private static PostgresBinaries Explicit(string directory, string source)
    {
        var fullPath = Path.GetFullPath(directory);
        var missing = MissingPrograms(fullPath);
        if (missing.Count > 0)
        {
            var what = Directory.Exists(fullPath) ? $"lacks {string.Join(", ", missing)}" : "does not exist";
            throw new InvalidOperationException(
                $"PostgreSQL bin directory '{fullPath}' (from {source}) {what}; it must hold initdb, pg_ctl and postgres " +
                $"(e.g. /usr/lib/postgresql/<version>/bin).");
        }

        return new PostgresBinaries(fullPath, source);
    }

    private static string? NewestDistributionBinDirectory(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Ok: decimal.TryParse(Path.GetFileName(d), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v), Version: v))
            .Where(x => x.Ok && MissingPrograms(x.Dir).Count == 0)
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static async Task<string?> PgConfigBinDirectoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(new ProcessStartInfo("pg_config") { ArgumentList = { "--bindir" } }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? result.StandardOutput.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            // pg_config is not installed: discovery moves on to the distribution's directories.
            return null;
        }
    }
}
