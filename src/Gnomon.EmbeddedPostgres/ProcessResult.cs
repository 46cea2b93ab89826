namespace Gnomon.EmbeddedPostgres;

/// <summary>What a finished child process returned.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the process exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard output and error together, trimmed, for error messages.</summary>
    public string CombinedOutput => string.Join(Environment.NewLine, new[] { StandardOutput.Trim(), StandardError.Trim() }.Where(s => s.Length > 0));
}
