using Gnomon.Domain.Jobs;

namespace Gnomon.Store.Jobs;

/// <summary>The outcome of a job write and the job as stored after it.</summary>
public sealed record JobWriteResult(JobWriteStatus Status, Job? Job);
