using System.Diagnostics.CodeAnalysis;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Schedules;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gnomon.Api.Validation;

/// <summary>Either a valid <see cref="JobDefinition"/> or everything wrong with the input.</summary>
internal sealed class JobValidationResult
{
    private JobValidationResult(JobDefinition? definition, Schedule? schedule, IReadOnlyList<FieldError> errors)
    {
        Definition = definition;
        Schedule = schedule;
        Errors = errors;
    }

    public JobDefinition? Definition { get; }

    /// <summary>The definition's schedule, compiled against the context's anchor, so writing the job need not compile it again.</summary>
    public Schedule? Schedule { get; }

    /// <summary>Keyed by JSON path (<c>schedule.cron</c>); empty when valid.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Definition), nameof(Schedule))]
    public bool IsValid => Definition is not null;

    public static JobValidationResult Valid(JobDefinition definition, Schedule schedule) => new(definition, schedule, []);

    public static JobValidationResult Invalid(IReadOnlyList<FieldError> errors) => new(null, null, errors);

    /// <summary>The 400 validation problem for <see cref="Errors"/>.</summary>
    public ProblemHttpResult ToProblem() => ProblemResults.Validation(Errors);
}
