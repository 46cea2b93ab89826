using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Executors;

internal sealed partial class HttpExecutor
{
    [LoggerMessage(EventId = EventIds.HttpExecutorSending, Level = LogLevel.Debug,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): {Method} {Host}")]
    private static partial void LogSending(ILogger logger, Guid executionId, Guid jobId, int attempt, string method, string host);

    [LoggerMessage(EventId = EventIds.HttpExecutorCompleted, Level = LogLevel.Debug,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): status {HttpStatus}, succeeded {Succeeded}")]
    private static partial void LogCompleted(ILogger logger, Guid executionId, Guid jobId, int attempt, int httpStatus, bool succeeded);

    [LoggerMessage(EventId = EventIds.HttpExecutorCallFailed, Level = LogLevel.Information,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): call to {Host} failed: {Reason}")]
    private static partial void LogCallFailed(ILogger logger, Guid executionId, Guid jobId, int attempt, string host, string reason);

    [LoggerMessage(EventId = EventIds.HttpExecutorRefused, Level = LogLevel.Warning,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): call to {Host} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid executionId, Guid jobId, int attempt, string host, string reason);

    [LoggerMessage(EventId = EventIds.HttpExecutorCancelled, Level = LogLevel.Debug,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): http call aborted by cancellation")]
    private static partial void LogCancelled(ILogger logger, Guid executionId, Guid jobId, int attempt);
}
