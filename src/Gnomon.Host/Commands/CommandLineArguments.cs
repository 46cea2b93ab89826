namespace Gnomon.Host.Commands;

/// <summary>A command's arguments split into its own options and the configuration switches passed through to .NET configuration.</summary>
public sealed class CommandLineArguments
{
    private CommandLineArguments(Dictionary<string, string> options, List<string> configuration)
    {
        Options = options;
        Configuration = configuration;
    }

    /// <summary>The command's own options, by name without dashes.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>Switches for .NET configuration (<c>--Section:Key=value</c>, <c>--urls …</c>).</summary>
    public IReadOnlyList<string> Configuration { get; }

    /// <summary>Splits <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    /// <param name="known">The options this command takes, each followed by a value.</param>
    public static CommandLineArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var body = arg[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            string? value = equals < 0 ? null : body[(equals + 1)..];
            var isOption = known.Contains(name);
            var isConfiguration = name.Contains(':', StringComparison.Ordinal) || name is "urls" or "environment" or "contentRoot";
            if (!isOption && !isConfiguration)
            {
                throw new ArgumentException($"unknown option '--{name}'");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"option '--{name}' needs a value");
                }

                value = args[++i];
            }

            if (isOption)
            {
                options[name] = value;
            }
            else
            {
                configuration.Add($"--{name}={value}");
            }
        }

        return new CommandLineArguments(options, configuration);
    }
}
