using Gnomon.Api.Contracts;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Validation;

/// <summary>Validates the body of <c>POST /api/v1/schedules/preview</c> and computes the fires.</summary>
internal static class SchedulePreviewValidator
{
    public const int DefaultCount = 10;
    public const int MaxCount = 100;

    /// <summary>Interval schedules without <c>startAt</c> are anchored at <paramref name="now"/>, as a job created now would be.</summary>
    public static SchedulePreviewResult Validate(SchedulePreviewInput? input, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (input is null)
        {
            errors.Add(new FieldError("", "a JSON body is required"));
            return SchedulePreviewResult.Invalid(errors);
        }

        var count = input.Count ?? DefaultCount;
        if (count is < 1 or > MaxCount)
        {
            errors.Add(new FieldError("count", $"must be between 1 and {MaxCount}"));
        }

        var compiled = ScheduleInputValidator.Validate(input.Schedule, "schedule", now, now, errors);
        if (compiled is not { } c || errors.Count > 0)
        {
            return SchedulePreviewResult.Invalid(errors);
        }

        return SchedulePreviewResult.Valid(c.Schedule.Upcoming(now, count));
    }
}
