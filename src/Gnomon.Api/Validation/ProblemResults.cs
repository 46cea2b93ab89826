using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gnomon.Api.Validation;

/// <summary>RFC 9457 problem responses built from field errors.</summary>
internal static class ProblemResults
{
    public const string ValidationTitle = "One or more fields are invalid.";

    /// <summary>A 400 <c>application/problem+json</c> with <c>errors</c> grouped by path, in the order found.</summary>
    /// <remarks>
    /// A <see cref="ProblemHttpResult"/> carrying <see cref="HttpValidationProblemDetails"/> (written exactly as
    /// <c>TypedResults.ValidationProblem</c> writes it), so every refusal of a handler is the one type its
    /// <c>Results&lt;…&gt;</c> union names; the statuses are declared on the endpoints.
    /// </remarks>
    public static ProblemHttpResult Validation(IEnumerable<FieldError> errors, string title = ValidationTitle) =>
        Validation(ToDictionary(errors), title, detail: null);

    /// <summary>A 400 with <paramref name="errors"/> as they are.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string title, string? detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = title, Detail = detail });

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
