namespace Gnomon.Worker.Executors;

/// <summary>Runs one kind of <see cref="Gnomon.Domain.Executors.ExecutorSpec"/>.</summary>
/// <remarks>
/// When <c>cancellationToken</c> fires (timeout or cancel: the caller decides which) the executor stops the
/// work itself (aborts the HTTP call, kills the process tree, fires the handler's token) and throws
/// <see cref="OperationCanceledException"/> promptly. Every other failure is returned as an
/// <see cref="ExecutionOutcome"/> with <c>Succeeded = false</c>, never thrown.
/// </remarks>
public interface IExecutor
{
    /// <summary>The <c>type</c> discriminator this executor runs (<c>http</c>, <c>shell</c>, <c>handler</c>).</summary>
    string Type { get; }

    /// <summary>Runs one attempt.</summary>
    Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken);
}
