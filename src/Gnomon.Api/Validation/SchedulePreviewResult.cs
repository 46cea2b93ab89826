using System.Diagnostics.CodeAnalysis;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gnomon.Api.Validation;

/// <summary>Either the next fires of a previewed schedule or what is wrong with it.</summary>
internal sealed class SchedulePreviewResult
{
    private SchedulePreviewResult(IReadOnlyList<DateTimeOffset>? fires, IReadOnlyList<FieldError> errors)
    {
        Fires = fires;
        Errors = errors;
    }

    /// <summary>Up to <c>count</c> fires at or after now; fewer when the schedule ends sooner.</summary>
    public IReadOnlyList<DateTimeOffset>? Fires { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Fires))]
    public bool IsValid => Fires is not null;

    public static SchedulePreviewResult Valid(IReadOnlyList<DateTimeOffset> fires) => new(fires, []);

    public static SchedulePreviewResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);

    public ProblemHttpResult ToProblem() => ProblemResults.Validation(Errors);
}
