using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Executors;

internal sealed partial class HandlerExecutor
{
    [LoggerMessage(EventId = EventIds.HandlerExecutorFailed, Level = LogLevel.Information,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): handler '{Handler}' failed")]
    private static partial void LogFailed(ILogger logger, Guid executionId, Guid jobId, int attempt, string handler, Exception exception);

    [LoggerMessage(EventId = EventIds.HandlerExecutorIgnoredCancellation, Level = LogLevel.Warning,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): handler '{Handler}' did not stop when cancelled; it is left to finish in the background")]
    private static partial void LogIgnoredCancellation(ILogger logger, Guid executionId, Guid jobId, int attempt, string handler);

    [LoggerMessage(EventId = EventIds.HandlerExecutorLateFailure, Level = LogLevel.Debug,
        Message = "A handler that had been cancelled later failed")]
    private static partial void LogLateFailure(ILogger logger, Exception exception);
}
