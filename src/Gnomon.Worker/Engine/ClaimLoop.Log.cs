using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

internal sealed partial class ClaimLoop
{
    [LoggerMessage(EventId = EventIds.ClaimLoopClaimFailed, Level = LogLevel.Warning, Message = "Claiming from queue {Queue} failed; retrying in {Backoff}")]
    private partial void LogClaimFailed(Exception exception, string queue, TimeSpan backoff);

    [LoggerMessage(EventId = EventIds.ExecutionSetAside, Level = LogLevel.Warning, Message = "Execution {ExecutionId} failed without running: {Reason}")]
    private partial void LogSetAside(Guid executionId, string reason);
}
