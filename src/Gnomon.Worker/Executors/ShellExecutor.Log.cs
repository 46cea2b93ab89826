using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Executors;

internal sealed partial class ShellExecutor
{
    [LoggerMessage(EventId = EventIds.ShellExecutorStarted, Level = LogLevel.Debug,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): started '{Command}' as process {ProcessId}")]
    private static partial void LogStarted(ILogger logger, Guid executionId, Guid jobId, int attempt, string command, int processId);

    [LoggerMessage(EventId = EventIds.ShellExecutorExited, Level = LogLevel.Debug,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): process exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, Guid executionId, Guid jobId, int attempt, int exitCode);

    [LoggerMessage(EventId = EventIds.ShellExecutorStartFailed, Level = LogLevel.Information,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): '{Command}' could not be started: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, Guid executionId, Guid jobId, int attempt, string command, string reason);

    [LoggerMessage(EventId = EventIds.ShellExecutorDisabled, Level = LogLevel.Warning,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): refused, the shell executor is disabled on this worker")]
    private static partial void LogDisabled(ILogger logger, Guid executionId, Guid jobId, int attempt);

    [LoggerMessage(EventId = EventIds.ShellExecutorKilled, Level = LogLevel.Information,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): cancelled, process tree of {ProcessId} killed")]
    private static partial void LogKilled(ILogger logger, Guid executionId, Guid jobId, int attempt, int processId);

    [LoggerMessage(EventId = EventIds.ShellExecutorKillFailed, Level = LogLevel.Error,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): killing the process tree of {ProcessId} failed")]
    private static partial void LogKillFailed(ILogger logger, Guid executionId, Guid jobId, int attempt, int processId, Exception exception);

    [LoggerMessage(EventId = EventIds.ShellExecutorOutputAbandoned, Level = LogLevel.Warning,
        Message = "Execution {ExecutionId} of job {JobId} (attempt {Attempt}): the process exited but its output pipes are still held open (a background child?); output reading stopped")]
    private static partial void LogOutputAbandoned(ILogger logger, Guid executionId, Guid jobId, int attempt);
}
