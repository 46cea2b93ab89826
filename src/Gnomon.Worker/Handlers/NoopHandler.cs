namespace Gnomon.Worker.Handlers;

/// <summary>The built-in <c>noop</c> handler: succeeds at once; useful to test scheduling end to end.</summary>
internal sealed class NoopHandler : IJobHandler
{
    public const string Name = "noop";

    public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<HandlerResult?>(null);
    }
}
