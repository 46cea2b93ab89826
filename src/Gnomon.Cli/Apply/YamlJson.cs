using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gnomon.Cli.Apply;

/// <summary>YAML documents as the JSON they stand for (YAML 1.2 core schema: plain <c>true</c>, <c>12</c>, <c>null</c> are typed, quoted text is a string).</summary>
internal static class YamlJson
{
    /// <summary>Every document of <paramref name="text"/>; a syntax error is a <see cref="CtlUsageException"/> naming the line.</summary>
    public static IReadOnlyList<JsonNode?> Documents(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var line = text.Split('\n').ElementAtOrDefault((int)ex.Start.Line - 1) ?? "";
            // A plain '*' begins a YAML alias, so an unquoted cron expression is the commonest mistake.
            var hint = line.Contains('*', StringComparison.Ordinal) ? " (quote a cron expression: cron: \"*/5 * * * * *\")" : "";
            throw new CtlUsageException($"{file}: line {ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}{hint}");
        }

        return [.. stream.Documents.Select(d => Convert(d.RootNode, file))];
    }

    private static JsonNode? Convert(YamlNode node, string file) => node switch
    {
        YamlMappingNode map => Map(map, file),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(c => Convert(c, file))]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new CtlUsageException($"{file}: line {node.Start.Line}: unsupported YAML node"),
    };

    private static JsonObject Map(YamlMappingNode map, string file)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new CtlUsageException($"{file}: line {key.Start.Line}: a key must be plain text");
            // YamlDotNet refuses a key given twice while loading, with its line.
            result[name] = Convert(value, file);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ when IsDecimal(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }

    // Only what YAML 1.2 calls a float (digits, a point, an exponent): not "Infinity", not "1_000".
    private static bool IsDecimal(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E') && text.Any(char.IsAsciiDigit);
}
