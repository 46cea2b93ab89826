using Gnomon.Api.Contracts;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Validation;

/// <summary>Checks a <see cref="ScheduleInput"/> wherever one appears (jobs, previews), reporting errors under a path prefix.</summary>
internal static class ScheduleInputValidator
{
    /// <summary>
    /// Compiles <paramref name="input"/>, adding errors keyed <c>{path}.cron</c>, <c>{path}</c>, … to <paramref name="errors"/>.
    /// A cron schedule with no fire at or after <paramref name="now"/> is an error: it could never run.
    /// </summary>
    /// <returns>The spec and compiled schedule, or null when invalid.</returns>
    public static (ScheduleSpec Spec, Schedule Schedule)? Validate(
        ScheduleInput? input, string path, DateTimeOffset anchor, DateTimeOffset now, List<FieldError> errors)
    {
        if (input is null)
        {
            errors.Add(new FieldError(path, "is required"));
            return null;
        }

        var spec = input.ToSpec();
        var relative = new List<FieldError>();
        var schedule = ScheduleCompiler.TryCompile(spec, anchor, relative);
        foreach (var error in relative)
        {
            errors.Add(error with { Field = JsonPaths.Combine(path, error.Field) });
        }

        if (schedule is null)
        {
            return null;
        }

        if (spec.Cron is not null && schedule.FirstAtOrAfter(now) is null)
        {
            var window = spec.EndAt is not null ? " within the startAt/endAt window" : "";
            errors.Add(new FieldError(JsonPaths.Combine(path, "cron"), $"never fires after {Json.Rfc3339.Format(now)}{window}"));
            return null;
        }

        return (spec, schedule);
    }
}
