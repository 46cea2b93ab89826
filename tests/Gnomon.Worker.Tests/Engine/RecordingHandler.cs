using Gnomon.Worker.Handlers;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>Records the order executions reach it in.</summary>
internal sealed class RecordingHandler(HandlerCalls calls) : IJobHandler
{
    public const string Name = "record";

    public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        calls.Calls.Enqueue(context);
        return Task.FromResult<HandlerResult?>(null);
    }
}
