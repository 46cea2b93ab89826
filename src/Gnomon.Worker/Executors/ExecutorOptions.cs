namespace Gnomon.Worker.Executors;

/// <summary>Executor settings, bound from the configuration section <c>Executors</c>.</summary>
public sealed record ExecutorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Executors";

    /// <summary>Settings of the <c>http</c> executor.</summary>
    public HttpExecutorOptions Http { get; init; } = new();

    /// <summary>Settings of the <c>shell</c> executor.</summary>
    public ShellExecutorOptions Shell { get; init; } = new();

    /// <summary>How many bytes of response body or process output are kept per execution.</summary>
    public int MaxOutputBytes { get; init; } = 65536;
}
