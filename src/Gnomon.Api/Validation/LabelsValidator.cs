using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Validation;

/// <summary>Checks a job's <c>labels</c>: at most <see cref="JobLimits.MaxLabels"/>, each key and value within its bounds.</summary>
internal static class LabelsValidator
{
    public static void Validate(IReadOnlyDictionary<string, string?>? labels, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > JobLimits.MaxLabels)
        {
            errors.Add(new FieldError("labels", $"must have at most {JobLimits.MaxLabels} entries"));
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (!JobLimits.IsValidLabelKey(key))
            {
                errors.Add(new FieldError("labels", $"'{JobInputValidator.Shorten(key)}' is not a valid label key (1–{JobLimits.MaxLabelKeyLength} of [A-Za-z0-9._/-], beginning with a letter or digit)"));
            }
            else if (value is null)
            {
                errors.Add(new FieldError(JsonPaths.Combine("labels", key), "must be a string"));
            }
            else if (value.Length > JobLimits.MaxLabelValueLength || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                errors.Add(new FieldError(JsonPaths.Combine("labels", key), $"must be at most {JobLimits.MaxLabelValueLength} characters, without line breaks or NUL"));
            }
        }
    }

    /// <summary>The labels as the domain keeps them: null when there are none.</summary>
    public static IReadOnlyDictionary<string, string>? ToDomain(IReadOnlyDictionary<string, string?>? labels) =>
        labels is { Count: > 0 } ? labels.ToDictionary(l => l.Key, l => l.Value ?? "", StringComparer.Ordinal) : null;
}
