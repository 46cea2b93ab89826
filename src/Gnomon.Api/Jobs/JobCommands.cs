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

    /// <summary>The first slot to fire for a definition written with <paramref name="anchor"/>; null while paused or when none is left.</summary>
    public DateTimeOffset? FirstFire(JobDefinition definition, DateTimeOffset anchor) =>
        FirstFire(definition, ScheduleCompiler.TryCompile(definition.Schedule, anchor, new List<FieldError>()));

    /// <summary>Creates a job that validated against <see cref="Context"/> with now as its anchor.</summary>
    internal Task<JobWriteResult> CreateAsync(Guid id, JobValidationResult job, CancellationToken cancellationToken) =>
        store.CreateAsync(id, job.Definition!, FirstFire(job.Definition!, job.Schedule), cancellationToken);

    /// <summary>Creates the jobs of a batch all or nothing, with ids that sort in request order.</summary>
    internal Task<JobBatchWriteResult> CreateManyAsync(IReadOnlyList<JobValidationResult> validJobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validJobs);
        var now = timeProvider.GetUtcNow();
        var ids = new Guid[validJobs.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Guid.CreateVersion7(now);
        }

        // UUIDv7s of one millisecond differ only by their random bits: sorted, lists (newest first, by id) show a
        // batch in the reverse of the order it was sent in, as they would show jobs created one by one.
        Array.Sort(ids, CompareAsDatabase);
        var jobs = new NewJob[validJobs.Count];
        for (var i = 0; i < jobs.Length; i++)
        {
            var definition = validJobs[i].Definition!;
            jobs[i] = new NewJob(ids[i], definition, FirstFire(definition, validJobs[i].Schedule));
        }

        return store.CreateManyAsync(jobs, cancellationToken);
    }

    /// <summary>Replaces a job with one that validated against <see cref="Context"/> with the job's creation as its anchor.</summary>
    internal Task<JobWriteResult> ReplaceAsync(Job existing, JobValidationResult job, int? expectedVersion, CancellationToken cancellationToken) =>
        store.ReplaceAsync(existing.Id, job.Definition!, FirstFire(job.Definition!, job.Schedule), expectedVersion, cancellationToken);

    public Task<Job?> SetPausedAsync(Job job, bool paused, CancellationToken cancellationToken) =>
        store.SetPausedAsync(job.Id, paused, paused ? null : FirstFire(job.Definition with { Paused = false }, job.CreatedAt), cancellationToken);

    private DateTimeOffset? FirstFire(JobDefinition definition, Schedule? schedule)
    {
        if (definition.Paused)
        {
            return null;
        }

        return schedule switch
        {
            // A one-off instant already past still fires once (the misfire policy decides how), as Quartz does.
            RunAtSchedule runAt => runAt.RunAt,
            null => null,
            _ => schedule.FirstAtOrAfter(timeProvider.GetUtcNow()),
        };
    }

    /// <summary>PostgreSQL orders uuids by their bytes in network order, which is not <see cref="Guid.CompareTo(Guid)"/>'s order.</summary>
    private static int CompareAsDatabase(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }
}
