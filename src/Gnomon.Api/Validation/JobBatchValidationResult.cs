using System.Diagnostics.CodeAnalysis;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gnomon.Api.Validation;

/// <summary>Either every job of a batch valid, or everything wrong with any of them.</summary>
internal sealed class JobBatchValidationResult
{
    private JobBatchValidationResult(IReadOnlyList<JobValidationResult>? jobs, IReadOnlyList<FieldError> errors)
    {
        Jobs = jobs;
        Definitions = jobs?.Select(j => j.Definition!).ToList();
        Errors = errors;
    }

    /// <summary>Each job's valid result, in request order.</summary>
    public IReadOnlyList<JobValidationResult>? Jobs { get; }

    /// <summary>The definitions in request order.</summary>
    public IReadOnlyList<JobDefinition>? Definitions { get; }

    /// <summary>Keyed by the full JSON path (<c>jobs[3].schedule.cron</c>); empty when valid.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Jobs), nameof(Definitions))]
    public bool IsValid => Jobs is not null;

    public static JobBatchValidationResult Valid(IReadOnlyList<JobValidationResult> jobs) => new(jobs, []);

    public static JobBatchValidationResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);

    /// <summary>The 400 validation problem for <see cref="Errors"/>.</summary>
    public ProblemHttpResult ToProblem() => ProblemResults.Validation(Errors);
}
