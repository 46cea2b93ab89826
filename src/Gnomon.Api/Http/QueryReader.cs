using System.Globalization;
using Gnomon.Api.Json;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Http;

/// <summary>Parses query parameters, collecting an error per bad parameter instead of failing on the first.</summary>
internal sealed class QueryReader
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public List<FieldError> Errors { get; } = [];

    public int Limit(string? text) => Int(text, "limit", 1, MaxLimit, DefaultLimit);

    public int Int(string? text, string name, int min, int max, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Errors.Add(new FieldError(name, $"must be a whole number from {min} to {max}"));
            return fallback;
        }

        return value;
    }

    public Guid? Cursor(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!Guid.TryParse(text, out var id))
        {
            Errors.Add(new FieldError("cursor", "is not a cursor returned by this API (use nextCursor from the previous page)"));
            return null;
        }

        return id;
    }

    public bool? Bool(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            Errors.Add(new FieldError(name, "must be true or false"));
            return null;
        }

        return value;
    }

    public DateTimeOffset? Instant(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        if (!Rfc3339.TryParse(text, out var value))
        {
            Errors.Add(new FieldError(name, Rfc3339.Expectation));
            return null;
        }

        return value;
    }

    public string? Text(string? text, string name, int maxLength)
    {
        if (text is not null && text.Length > maxLength)
        {
            Errors.Add(new FieldError(name, $"must be at most {maxLength} characters"));
            return null;
        }

        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            Errors.Add(new FieldError(name, "must not contain the NUL character (%00)"));
            return null;
        }

        return text;
    }
}
