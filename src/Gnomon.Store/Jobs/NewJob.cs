using Gnomon.Domain.Jobs;

namespace Gnomon.Store.Jobs;

/// <summary>A job to create: its id, its definition and the first slot it fires at (null when paused or none is left).</summary>
public sealed record NewJob(Guid Id, JobDefinition Definition, DateTimeOffset? NextFireAt);
