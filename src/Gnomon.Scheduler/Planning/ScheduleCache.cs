using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;

namespace Gnomon.Scheduler.Planning;

/// <summary>Compiled schedules by job id and version, so a job firing every second is not re-parsed every second.</summary>
public sealed class ScheduleCache
{
    private readonly Dictionary<Guid, (int Version, Schedule? Schedule, string? Problem)> _byJob = [];

    /// <summary>The job's compiled schedule, or null with <paramref name="problem"/> when its stored schedule no longer compiles (for example a removed time zone).</summary>
    public Schedule? Get(Job job, out string? problem)
    {
        if (_byJob.TryGetValue(job.Id, out var cached) && cached.Version == job.Version)
        {
            problem = cached.Problem;
            return cached.Schedule;
        }

        var errors = new List<FieldError>();
        var schedule = ScheduleCompiler.TryCompile(job.Definition.Schedule, job.CreatedAt, errors);
        problem = schedule is null ? string.Join("; ", errors.Select(e => e.Field.Length == 0 ? e.Message : $"schedule.{e.Field} {e.Message}")) : null;
        _byJob[job.Id] = (job.Version, schedule, problem);
        if (_byJob.Count > 200_000)
        {
            _byJob.Clear();
        }

        return schedule;
    }
}
