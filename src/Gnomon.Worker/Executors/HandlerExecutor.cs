using Gnomon.Domain.Executors;
using Gnomon.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gnomon.Worker.Executors;

/// <summary>Runs <see cref="HandlerExecutorSpec"/>: the named <see cref="IJobHandler"/>, in a fresh DI scope.</summary>
/// <remarks>
/// The handler is started on the thread pool and awaited with the caller's token, so a handler that blocks or
/// ignores its token still lets the execution end promptly on timeout or cancel; its scope is then disposed
/// when it finally returns.
/// </remarks>
internal sealed partial class HandlerExecutor(
    JobHandlerRegistry handlers,
    IServiceScopeFactory scopeFactory,
    IOptions<ExecutorOptions> options,
    ILogger<HandlerExecutor> logger) : IExecutor
{
    private readonly ExecutorOptions _options = options.Value;

    public string Type => HandlerExecutorSpec.TypeName;

    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Executor is not HandlerExecutorSpec spec)
        {
            return ExecutionOutcome.Failed($"the handler executor cannot run a '{request.Executor?.Type}' executor");
        }

        var scope = scopeFactory.CreateAsyncScope();
        var disposeScope = true;
        try
        {
            IJobHandler? handler;
            try
            {
                handler = handlers.Resolve(spec.Handler, scope.ServiceProvider);
            }
            catch (Exception ex)
            {
                LogFailed(logger, request.ExecutionId, request.JobId, request.Attempt, spec.Handler, ex);
                return ExecutionOutcome.Failed($"handler '{spec.Handler}' could not be created: {ex.GetType().Name}: {ex.Message}");
            }

            if (handler is null)
            {
                return ExecutionOutcome.Failed($"no handler named '{spec.Handler}' is registered on this worker");
            }

            var context = new JobContext(
                request.ExecutionId, request.JobId, request.JobName, request.Attempt, request.ScheduledAt, request.Payload);
            var running = Task.Run(() => handler.HandleAsync(context, cancellationToken), CancellationToken.None);
            try
            {
                var result = await running.WaitAsync(cancellationToken);
                return new ExecutionOutcome(true, result?.Result, BoundedOutput.Truncate(result?.Output, _options.MaxOutputBytes), null);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                if (!running.IsCompleted)
                {
                    LogIgnoredCancellation(logger, request.ExecutionId, request.JobId, request.Attempt, spec.Handler);
                    disposeScope = false;
                    _ = DisposeWhenDoneAsync(running, scope);
                }

                throw ex as OperationCanceledException ?? new OperationCanceledException("the handler was cancelled", ex, cancellationToken);
            }
            catch (Exception ex)
            {
                LogFailed(logger, request.ExecutionId, request.JobId, request.Attempt, spec.Handler, ex);
                return ExecutionOutcome.Failed($"{ex.GetType().Name}: {ex.Message}");
            }
        }
        finally
        {
            if (disposeScope)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private async Task DisposeWhenDoneAsync(Task running, AsyncServiceScope scope)
    {
        try
        {
            await running;
        }
        catch (Exception ex)
        {
            LogLateFailure(logger, ex);
        }
        finally
        {
            await scope.DisposeAsync();
        }
    }
}
