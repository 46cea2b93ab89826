using Quartz;

namespace Gnomon.Bench.Systems.Quartz;

/// <summary>The throughput scenario's job: does nothing, so the drain measures the scheduler and its store alone.</summary>
internal sealed class QuartzNoopJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
