namespace Gnomon.Worker.Handlers;

/// <summary>
/// A .NET job handler, run by the <c>handler</c> executor when a job names it. Register it with
/// <see cref="GnomonWorkerBuilder.AddHandler{THandler}(string)"/>.
/// </summary>
/// <remarks>
/// A new DI scope is created for every execution and the handler is resolved from it. Executions are run at
/// least once, so a handler should be idempotent; <see cref="JobContext.ExecutionId"/> and
/// <see cref="JobContext.Attempt"/> let it recognise a repeat.
/// </remarks>
public interface IJobHandler
{
    /// <summary>Runs the job. Throw to fail the attempt; observe <paramref name="cancellationToken"/> to stop on timeout or cancel.</summary>
    /// <returns>Output and result to store with the execution, or null for none.</returns>
    Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken);
}
