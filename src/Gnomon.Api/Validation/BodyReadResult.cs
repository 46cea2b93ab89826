using System.Diagnostics.CodeAnalysis;
using Gnomon.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gnomon.Api.Validation;

/// <summary>A request body read as <typeparamref name="T"/>, or the problem to answer with.</summary>
internal sealed class BodyReadResult<T>
    where T : class
{
    private BodyReadResult(T? value, int statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    {
        Value = value;
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>The body; never null when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

    /// <summary>200 on success; otherwise 400, 413 or 415.</summary>
    public int StatusCode { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>For 400s: messages keyed by JSON path (<c>""</c> for the document itself).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static BodyReadResult<T> Success(T value) =>
        new(value, StatusCodes.Status200OK, null, null, new Dictionary<string, string[]>());

    public static BodyReadResult<T> Invalid(string title, string path, string message) =>
        new(null, StatusCodes.Status400BadRequest, title, null, new Dictionary<string, string[]> { [path] = [message] });

    public static BodyReadResult<T> Invalid(string title, IEnumerable<FieldError> errors) =>
        new(null, StatusCodes.Status400BadRequest, title, null, ProblemResults.ToDictionary(errors));

    public static BodyReadResult<T> Failure(int statusCode, string title, string detail) =>
        new(null, statusCode, title, detail, new Dictionary<string, string[]>());

    /// <summary>The <c>application/problem+json</c> response: a validation problem with <c>errors</c> for 400s, a plain problem otherwise.</summary>
    public ProblemHttpResult ToProblem()
    {
        if (Succeeded)
        {
            throw new InvalidOperationException("The body was read successfully; there is no problem to report.");
        }

        return StatusCode == StatusCodes.Status400BadRequest
            ? ProblemResults.Validation(Errors.ToDictionary(), Title ?? ProblemResults.ValidationTitle, Detail)
            : TypedResults.Problem(detail: Detail, statusCode: StatusCode, title: Title);
    }
}
