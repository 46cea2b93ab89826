namespace Gnomon.Client.Jobs;

/// <summary>A program run by the worker, without a shell.</summary>
public sealed record ShellExecutor : Executor
{
    /// <summary>The program.</summary>
    public required string Command { get; init; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Environment variables added to the worker's.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>The directory it runs in.</summary>
    public string? WorkingDirectory { get; init; }
}
