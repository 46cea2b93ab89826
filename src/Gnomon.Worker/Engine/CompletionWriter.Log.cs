using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Engine;

internal sealed partial class CompletionWriter
{
    [LoggerMessage(EventId = EventIds.CompletionWriterLateCompletion, Level = LogLevel.Warning, Message = "Late completion of execution {ExecutionId} attempt {Attempt} rejected: the lease had been lost")]
    private partial void LogLateCompletion(Guid executionId, int attempt);
}
