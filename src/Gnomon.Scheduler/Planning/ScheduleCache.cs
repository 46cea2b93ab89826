using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;

namespace Gnomon.Scheduler.Planning;

/// <summary>Compiled schedules by job id and version, so a job firing every second is not re-parsed every second.</summary>
public sealed class ScheduleCache
{
    private readonly Dictionary<Guid, (int Version, Schedule? Schedule)> _byJob = [];

    /// <summary>The job's compiled schedule, or null when its stored schedule no longer compiles (for example a removed time zone).</summary>
    public Schedule? Get(Job job)
    {
        if (_byJob.TryGetValue(job.Id, out var cached) && cached.Version == job.Version)
        {
            return cached.Schedule;
        }

        var schedule = ScheduleCompiler.TryCompile(job.Definition.Schedule, job.CreatedAt, new List<FieldError>());
        _byJob[job.Id] = (job.Version, schedule);
        if (_byJob.Count > 200_000)
        {
            _byJob.Clear();
        }

        return schedule;
    }
}
