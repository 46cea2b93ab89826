namespace Gnomon.Client.Jobs;

/// <summary>A .NET handler registered in the worker under <see cref="Handler"/> (<c>noop</c> is built in).</summary>
public sealed record HandlerExecutor : Executor
{
    /// <summary>The name the handler is registered under.</summary>
    public required string Handler { get; init; }
}
