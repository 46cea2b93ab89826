using Gnomon.Api.Validation;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using Gnomon.Store.Jobs;
using Microsoft.Extensions.Options;

namespace Gnomon.Api.Jobs;

/// <summary>The job writes behind the endpoints: validation context, next-fire computation, upsert races.</summary>
public sealed class JobCommands(JobStore store, IOptions<ApiOptions> options, TimeProvider timeProvider)
{
    internal JobValidationContext Context(DateTimeOffset anchor, string? nameFromPath = null) => new()
    {
        Now = timeProvider.GetUtcNow(),
        Anchor = anchor,
        ShellEnabled = options.Value.ShellEnabled,
        NameFromPath = nameFromPath,
    };

    /// <summary>The first slot to fire for a definition written now; null while paused or when none is left.</summary>
    public DateTimeOffset? FirstFire(JobDefinition definition, DateTimeOffset anchor)
    {
        if (definition.Paused)
        {
            return null;
        }

        var schedule = ScheduleCompiler.TryCompile(definition.Schedule, anchor, new List<FieldError>());
        return schedule switch
        {
            // A one-off instant already past still fires once (the misfire policy decides how), as Quartz does.
            RunAtSchedule runAt => runAt.RunAt,
            null => null,
            _ => schedule.FirstAtOrAfter(timeProvider.GetUtcNow()),
        };
    }

    public Task<JobWriteResult> CreateAsync(Guid id, JobDefinition definition, CancellationToken cancellationToken) =>
        store.CreateAsync(id, definition, FirstFire(definition, timeProvider.GetUtcNow()), cancellationToken);

    public Task<JobWriteResult> ReplaceAsync(Job existing, JobDefinition definition, int? expectedVersion, CancellationToken cancellationToken) =>
        store.ReplaceAsync(existing.Id, definition, FirstFire(definition, existing.CreatedAt), expectedVersion, cancellationToken);

    public Task<Job?> SetPausedAsync(Job job, bool paused, CancellationToken cancellationToken) =>
        store.SetPausedAsync(job.Id, paused, paused ? null : FirstFire(job.Definition with { Paused = false }, job.CreatedAt), cancellationToken);
}
