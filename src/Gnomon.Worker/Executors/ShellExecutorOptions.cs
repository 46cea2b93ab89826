namespace Gnomon.Worker.Executors;

/// <summary>Settings of the <c>shell</c> executor (<c>Executors:Shell</c>).</summary>
public sealed record ShellExecutorOptions
{
    /// <summary>Whether this worker runs shell jobs at all; off by default.</summary>
    /// <remarks>A shell job runs any program as the worker's user, so it must be an operator's explicit choice.</remarks>
    public bool Enabled { get; init; }
}
