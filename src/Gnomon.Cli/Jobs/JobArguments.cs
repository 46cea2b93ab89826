using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;

namespace Gnomon.Cli.Jobs;

/// <summary>Arguments and options several commands share, with their parsers.</summary>
internal static class JobArguments
{
    public static Argument<string> Job() => new("job") { Description = "the job's name or id" };

    public static Option<int> Count(int fallback, int max, string description) => new("--count")
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = r => Number(r, 1, max),
    };

    public static Option<int> Limit() => new("--limit")
    {
        Description = "at most this many rows (default 50); --all for every one",
        HelpName = "n",
        DefaultValueFactory = _ => 50,
        CustomParser = r => Number(r, 1, int.MaxValue),
    };

    public static Option<bool> All() => new("--all") { Description = "every row, page by page" };

    /// <summary><c>--label key=value</c>, repeatable.</summary>
    public static Option<string[]> Labels(string description) => new("--label", "-l")
    {
        Description = description,
        HelpName = "key=value",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Dictionary<string, string>? ParseLabels(string[]? texts)
    {
        if (texts is not { Length: > 0 })
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CtlUsageException($"--label must be key=value, not '{text}'");
            }

            labels[text[..equals]] = text[(equals + 1)..];
        }

        return labels;
    }

    /// <summary>A JSON value given on the command line (<c>--payload '{"a":1}'</c>).</summary>
    public static JsonElement? ParseJson(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CtlUsageException($"{option} must be JSON: {ex.Message}");
        }
    }

    /// <summary>An RFC 3339 instant given on the command line.</summary>
    public static DateTimeOffset? ParseInstant(ArgumentResult result)
    {
        var text = result.Tokens.SingleOrDefault()?.Value ?? "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        result.AddError($"{NameOf(result)} must be an instant such as 2026-12-03T10:00:00Z, not '{text}'");
        return null;
    }

    private static int Number(ArgumentResult result, int min, int max)
    {
        var text = result.Tokens.SingleOrDefault()?.Value ?? "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        result.AddError($"{NameOf(result)} must be a whole number from {min} to {max}, not '{text}'");
        return min;
    }

    private static string NameOf(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
}
