namespace Gnomon.Host.Commands;

/// <summary>
/// What a command passes through to .NET configuration: <c>--Section:Key=value</c> (or <c>--Section:Key value</c>),
/// <c>--urls</c>, <c>--environment</c> and <c>--contentRoot</c>.
/// </summary>
/// <remarks>
/// System.CommandLine parses each command's own options and leaves what it does not know to this; anything here that
/// names no setting is refused, so a mistyped option (<c>--prot 5051</c>) stops the command instead of passing in silence.
/// </remarks>
public static class ConfigurationSwitches
{
    /// <summary>The switches as <c>--name=value</c>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static List<string> Parse(IReadOnlyList<string> tokens)
    {
        var switches = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{token}'");
            }

            var body = token[2..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            if (!name.Contains(':', StringComparison.Ordinal) && name is not ("urls" or "environment" or "contentRoot"))
            {
                throw new ArgumentException($"unknown option '--{name}'");
            }

            var value = equals < 0 ? null : body[(equals + 1)..];
            if (value is null)
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"option '--{name}' needs a value");
                }

                value = tokens[++i];
            }

            switches.Add($"--{name}={value}");
        }

        return switches;
    }
}
