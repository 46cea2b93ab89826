using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

public sealed partial class WorkerService
{
    [LoggerMessage(EventId = EventIds.WorkerServiceStarted, Level = LogLevel.Information, Message = "Worker {WorkerId} serving {Queues}")]
    private partial void LogStarted(Guid workerId, string queues);

    [LoggerMessage(EventId = EventIds.WorkerServiceDraining, Level = LogLevel.Information, Message = "Stopping: waiting up to {Grace} for {Count} executions")]
    private partial void LogDraining(int count, TimeSpan grace);

    [LoggerMessage(EventId = EventIds.WorkerServiceHandedBack, Level = LogLevel.Information, Message = "Handed back {Released} claimed and {Recovered} running executions")]
    private partial void LogHandedBack(int released, int recovered);

    [LoggerMessage(EventId = EventIds.WorkerServiceHandBackFailed, Level = LogLevel.Warning, Message = "Handing back the executions left at stop failed; their leases will lapse and the reaper will retry them")]
    private partial void LogHandBackFailed(Exception exception);
}
