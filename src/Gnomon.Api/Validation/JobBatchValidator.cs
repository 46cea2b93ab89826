using System.Globalization;
using Gnomon.Api.Contracts;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Validation;

/// <summary>Validates the jobs of a batch create, each as <see cref="JobInputValidator"/> does, and reports them all at once.</summary>
internal static class JobBatchValidator
{
    /// <summary>The most jobs one batch creates.</summary>
    public const int MaxJobs = 1000;

    public const string JobsPath = "jobs";

    /// <summary>Errors are keyed by the full path (<c>jobs[3].schedule.cron</c>), for every invalid job, not only the first.</summary>
    public static JobBatchValidationResult Validate(JobBatchInput input, JobValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        var jobs = input.Jobs;
        if (jobs is null || jobs.Count is 0 or > MaxJobs)
        {
            var message = jobs is null
                ? $"is required: an array of 1 to {MaxJobs} jobs"
                : string.Create(CultureInfo.InvariantCulture, $"must hold 1 to {MaxJobs} jobs, not {jobs.Count}");
            return JobBatchValidationResult.Invalid([new FieldError(JobsPath, message)]);
        }

        var errors = new List<FieldError>();
        var valid = new JobValidationResult[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var path = JsonPaths.Index(JobsPath, i);
            if (jobs[i] is not { } job)
            {
                errors.Add(new FieldError(path, "must be a job object"));
                continue;
            }

            var result = JobInputValidator.Validate(job, context);
            if (result.IsValid)
            {
                valid[i] = result;
            }
            else
            {
                errors.AddRange(result.Errors.Select(e => e with { Field = JsonPaths.Under(path, e.Field) }));
            }
        }

        return errors.Count > 0 ? JobBatchValidationResult.Invalid(errors) : JobBatchValidationResult.Valid(valid);
    }

    /// <summary>Every position whose name another job of the same batch also has, each naming all the positions that share it.</summary>
    public static IReadOnlyList<FieldError> RepeatedNames(IReadOnlyList<JobDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var positions = new Dictionary<string, List<int>>(definitions.Count, StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            if (!positions.TryGetValue(definitions[i].Name, out var list))
            {
                positions[definitions[i].Name] = list = [];
            }

            list.Add(i);
        }

        var errors = new List<FieldError>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var others = positions[definitions[i].Name].Where(j => j != i).ToList();
            if (others.Count > 0)
            {
                // Named in full up to a few, so a batch of one name repeated 1,000 times does not answer megabytes.
                var named = string.Join(", ", others.Take(5).Select(j => JsonPaths.Index(JobsPath, j)));
                var more = others.Count > 5 ? string.Create(CultureInfo.InvariantCulture, $" and {others.Count - 5} more") : "";
                errors.Add(new FieldError(NamePath(i), $"is also the name of {named}{more} in this batch"));
            }
        }

        return errors;
    }

    /// <summary><c>jobs[i].name</c>.</summary>
    public static string NamePath(int index) => JsonPaths.Index(JobsPath, index) + ".name";
}
