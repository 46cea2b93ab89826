using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Api.Validation;

/// <summary>RFC 9457 problem responses built from field errors.</summary>
internal static class ProblemResults
{
    public const string ValidationTitle = "One or more fields are invalid.";

    /// <summary>A 400 <c>application/problem+json</c> with <c>errors</c> grouped by path, in the order found.</summary>
    public static IResult Validation(IEnumerable<FieldError> errors, string title = ValidationTitle) =>
        TypedResults.ValidationProblem(ToDictionary(errors), title: title);

    /// <summary>Groups messages by path, keeping first-seen order of paths and messages.</summary>
    public static Dictionary<string, string[]> ToDictionary(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var grouped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var error in errors)
        {
            if (!grouped.TryGetValue(error.Field, out var messages))
            {
                messages = [];
                grouped[error.Field] = messages;
                order.Add(error.Field);
            }

            if (!messages.Contains(error.Message, StringComparer.Ordinal))
            {
                messages.Add(error.Message);
            }
        }

        return order.ToDictionary(k => k, k => grouped[k].ToArray(), StringComparer.Ordinal);
    }
}
