using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

internal sealed partial class LeaseHeartbeat
{
    [LoggerMessage(EventId = EventIds.LeaseHeartbeatFailed, Level = LogLevel.Warning, Message = "Lease heartbeat failed")]
    private partial void LogFailed(Exception exception);
}
