using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

internal sealed partial class ExecutionRunner
{
    [LoggerMessage(EventId = EventIds.ExecutionRunnerRunFailed, Level = LogLevel.Warning, Message = "Execution {ExecutionId} could not be started or recorded; its lease will lapse and it will be retried")]
    private partial void LogRunFailed(Exception exception, Guid executionId);

    [LoggerMessage(EventId = EventIds.ExecutionSetAside, Level = LogLevel.Warning, Message = "Execution {ExecutionId} failed without running: {Reason}")]
    private partial void LogSetAside(Guid executionId, string reason);
}
