namespace Gnomon.Client.Jobs;

/// <summary>What <c>PUT /api/v1/jobs/{job}</c> did.</summary>
/// <param name="Job">The job as stored.</param>
/// <param name="Created">True when it was created, false when an existing job was replaced.</param>
public sealed record UpsertResult(Job Job, bool Created);
