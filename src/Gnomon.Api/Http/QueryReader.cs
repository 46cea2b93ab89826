using System.Globalization;
using Gnomon.Api.Json;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Validation;

namespace Gnomon.Api.Http;

/// <summary>Parses query parameters, collecting an error per bad parameter instead of failing on the first.</summary>
internal sealed class QueryReader
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public List<FieldError> Errors { get; } = [];

    /// <summary>The page's size, or the default when not given.</summary>
    public int Limit(PageQuery page) => Int(page.Limit, "limit", 1, MaxLimit, DefaultLimit);

    /// <summary>The key after which the page starts, or null for the first page.</summary>
    public Guid? Cursor(PageQuery page) => Cursor(page.Cursor);

    public int Int(QueryParameter<int>? parameter, string name, int min, int max, int fallback)
    {
        var text = parameter?.Text;
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

    private Guid? Cursor(string? text)
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

    public bool? Bool(QueryParameter<bool>? parameter, string name)
    {
        var text = parameter?.Text;
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

    public DateTimeOffset? Instant(QueryParameter<DateTimeOffset>? parameter, string name)
    {
        var text = parameter?.Text;
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

    /// <summary>Labels given as <c>key=value</c>, each checked as a job's label is; null when none were given.</summary>
    public Dictionary<string, string>? Labels(string[]? texts, string name)
    {
        if (texts is not { Length: > 0 })
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals];
            var value = equals < 0 ? null : text[(equals + 1)..];
            if (value is null || !JobLimits.IsValidLabelKey(key) || value.Length > JobLimits.MaxLabelValueLength || value.Contains('\0', StringComparison.Ordinal))
            {
                Errors.Add(new FieldError(name, $"must be key=value with a label key (1–{JobLimits.MaxLabelKeyLength} of [A-Za-z0-9._/-]) and a value of at most {JobLimits.MaxLabelValueLength} characters"));
                return null;
            }

            if (!labels.TryAdd(key, value) && labels[key] != value)
            {
                Errors.Add(new FieldError(name, $"names the label '{key}' twice with different values; no job could match"));
                return null;
            }
        }

        return labels;
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
