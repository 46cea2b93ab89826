using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Apply;

/// <summary>A job as read from a file, with where it came from (for messages).</summary>
/// <param name="Definition">The job.</param>
/// <param name="Source">The file, and the job's place in it when the file holds several (<c>jobs.yaml[2]</c>).</param>
internal sealed record JobFile(JobDefinition Definition, string Source);
