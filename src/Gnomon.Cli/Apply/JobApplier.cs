using Gnomon.Client;
using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Apply;

/// <summary>
/// Makes the server's jobs what the files say: each job created or replaced by name (with <c>If-Match</c>, so a change
/// made meanwhile is a conflict, not lost), and with prune the jobs apply manages that no file names any more deleted.
/// </summary>
/// <remarks>
/// Jobs apply writes carry the label <see cref="ManagedBy"/>; prune deletes only jobs with it, so jobs made by hand or by
/// another tool are never touched. A file that leaves <c>paused</c> out keeps the job's current state: a pause made in
/// the dashboard survives the next apply, as a field a manifest does not manage does in Kubernetes.
/// </remarks>
internal sealed class JobApplier(GnomonClient client)
{
    public const string ManagedByKey = "gnomon/managed-by";
    public const string ManagedByValue = "ctl-apply";

    public static IReadOnlyDictionary<string, string> ManagedBy { get; } = new Dictionary<string, string> { [ManagedByKey] = ManagedByValue };

    public async Task<IReadOnlyList<ApplyStep>> ApplyAsync(IReadOnlyList<JobFile> files, bool prune, bool dryRun, CancellationToken cancellationToken)
    {
        var steps = new List<ApplyStep>();
        foreach (var file in files)
        {
            steps.Add(await ApplyAsync(file, dryRun, cancellationToken));
        }

        if (prune)
        {
            var wanted = files.Select(f => f.Definition.Name).ToHashSet(StringComparer.Ordinal);
            var managed = client.ListJobsAsync(new JobFilter { Labels = ManagedBy }, 500, cancellationToken);
            var doomed = new List<Job>();
            await foreach (var job in managed)
            {
                if (!wanted.Contains(job.Name))
                {
                    doomed.Add(job);
                }
            }

            foreach (var job in doomed.OrderBy(j => j.Name, StringComparer.Ordinal))
            {
                if (!dryRun)
                {
                    await client.DeleteJobAsync(job.Name, job.ETag, cancellationToken);
                }

                steps.Add(new ApplyStep(job.Name, ApplyAction.Pruned, [], null));
            }
        }

        return steps;
    }

    private async Task<ApplyStep> ApplyAsync(JobFile file, bool dryRun, CancellationToken cancellationToken)
    {
        var name = file.Definition.Name;
        var current = await client.FindJobAsync(name, cancellationToken);
        var labels = new Dictionary<string, string>(file.Definition.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [ManagedByKey] = ManagedByValue };
        var wanted = JobDefaults.Complete(file.Definition with { Labels = labels, Paused = file.Definition.Paused ?? current?.Paused });
        if (current is null)
        {
            if (!dryRun)
            {
                // A create, not a PUT: a job of that name made meanwhile is a 409 rather than silently replaced.
                await client.CreateJobAsync(wanted, cancellationToken);
            }

            return new ApplyStep(name, ApplyAction.Created, [], file.Source);
        }

        var changes = JobDiff.Between(JobDefaults.Complete(current.ToDefinition()), wanted);
        if (changes.Count == 0)
        {
            return new ApplyStep(name, ApplyAction.Unchanged, [], file.Source);
        }

        if (!dryRun)
        {
            await client.PutJobAsync(name, wanted, current.ETag, cancellationToken);
        }

        return new ApplyStep(name, ApplyAction.Configured, changes, file.Source);
    }
}
