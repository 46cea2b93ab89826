using System.Diagnostics.CodeAnalysis;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Validation;

/// <summary>Either a valid <see cref="JobDefinition"/> or everything wrong with the input.</summary>
internal sealed class JobValidationResult
{
    private JobValidationResult(JobDefinition? definition, IReadOnlyList<FieldError> errors)
    {
        Definition = definition;
        Errors = errors;
    }

    public JobDefinition? Definition { get; }

    /// <summary>Keyed by JSON path (<c>schedule.cron</c>); empty when valid.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Definition))]
    public bool IsValid => Definition is not null;

    public static JobValidationResult Valid(JobDefinition definition) => new(definition, []);

    public static JobValidationResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);

    /// <summary>The 400 validation problem for <see cref="Errors"/>.</summary>
    public IResult ToProblem() => ProblemResults.Validation(Errors);
}
