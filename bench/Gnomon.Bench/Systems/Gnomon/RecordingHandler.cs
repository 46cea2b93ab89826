using Gnomon.Bench.Measurement;
using Gnomon.Worker.Handlers;

namespace Gnomon.Bench.Systems.Gnomon;

/// <summary>The precision scenario's job: records that it started, for which job and slot, and does nothing else.</summary>
internal sealed class RecordingHandler(FireRecorder recorder) : IJobHandler
{
    public const string Name = "bench-record";

    public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
    {
        recorder.Record(context.Payload!.Value.GetProperty("job").GetInt32(), context.ScheduledAt);
        return Task.FromResult<HandlerResult?>(null);
    }
}
