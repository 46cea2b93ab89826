using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gnomon.Bench.Commands;

/// <summary>The kinds of option the bench commands take, each with a parser whose message names the option.</summary>
internal static class BenchOptions
{
    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static Option<int> Number(string name, int fallback, int min, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            var text = TextOf(r);
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min)
            {
                return n;
            }

            r.AddError($"{name} must be a whole number ≥ {min}, not '{text}'");
            return fallback;
        },
    };

    /// <summary>A value that must be given, and not empty.</summary>
    public static Option<string> Needed(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = true,
        Validators =
        {
            r =>
            {
                if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                {
                    r.AddError($"{name} must not be empty");
                }
            },
        },
    };

    /// <summary>One of <paramref name="choices"/>; required when there is no <paramref name="fallback"/>.</summary>
    public static Option<string> OneOf(string name, IReadOnlyList<string> choices, string? fallback, string description)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', choices),
            Required = fallback is null,
            CustomParser = r =>
            {
                var text = TextOf(r);
                if (choices.Contains(text))
                {
                    return text;
                }

                r.AddError($"{name} must be one of {string.Join(", ", choices)}, not '{text}'");
                return fallback;
            },
        };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }

    /// <summary>A comma-separated list of some of <paramref name="choices"/>; null when the option is not given.</summary>
    public static Option<IReadOnlyList<string>> SomeOf(string name, IReadOnlyList<string> choices, string description) => new(name)
    {
        Description = description,
        HelpName = string.Join(',', choices),
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r =>
        {
            var text = TextOf(r);
            var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length > 0 && list.All(choices.Contains))
            {
                return list;
            }

            r.AddError($"{name} takes a comma-separated list of {string.Join(", ", choices)}, not '{text}'");
            return null;
        },
    };

    private static string TextOf(ArgumentResult result) => result.Tokens.SingleOrDefault()?.Value ?? "";
}
