using Gnomon.Worker.Handlers;

namespace Gnomon.Worker.Tests.Engine;

/// <summary>Fails the first two attempts of every execution and succeeds on the third.</summary>
internal sealed class FlakyHandler(HandlerCalls calls) : IJobHandler
{
    public const string Name = "flaky";

    public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        calls.Calls.Enqueue(context);
        if (calls.Calls.Count(c => c.ExecutionId == context.ExecutionId) <= 2)
        {
            throw new InvalidOperationException($"flaky failure on attempt {context.Attempt}");
        }

        return Task.FromResult<HandlerResult?>(new HandlerResult { Output = "third time lucky" });
    }
}
