using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Api.Json;

/// <summary>The JSON settings of every request and response of the API.</summary>
/// <remarks>
/// camelCase names, camelCase enum strings (integers refused, so a client cannot depend on numbering),
/// RFC 3339 UTC instants with milliseconds, nulls written (the contract shows <c>"reason": null</c>),
/// numbers never read from strings, names matched case-sensitively: the contract is exact, and a near miss
/// such as <c>"Name"</c> is better reported than silently accepted.
/// Dictionary keys (HTTP headers, environment variables) are data and keep their case.
/// </remarks>
public static class GnomonJson
{
    /// <summary>For responses and anything read leniently; read-only.</summary>
    public static JsonSerializerOptions Options { get; } = Create(JsonUnmappedMemberHandling.Skip);

    /// <summary>For request bodies: as <see cref="Options"/>, but a member that maps to no property, or one given twice, is an error.</summary>
    public static JsonSerializerOptions InputOptions { get; } = Create(JsonUnmappedMemberHandling.Disallow);

    /// <summary>Makes <paramref name="target"/> (e.g. ASP.NET's <c>JsonOptions.SerializerOptions</c>) behave as <see cref="Options"/>.</summary>
    public static void Apply(JsonSerializerOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Configure(target, JsonUnmappedMemberHandling.Skip);
    }

    private static JsonSerializerOptions Create(JsonUnmappedMemberHandling unmapped)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        Configure(options, unmapped);
        // The body reader names a repeated member first; this keeps every other reader of input as strict.
        options.AllowDuplicateProperties = unmapped != JsonUnmappedMemberHandling.Disallow;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void Configure(JsonSerializerOptions options, JsonUnmappedMemberHandling unmapped)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        options.UnmappedMemberHandling = unmapped;
        options.WriteIndented = false;

        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        }

        if (!options.Converters.Any(c => c is Rfc3339DateTimeOffsetConverter))
        {
            options.Converters.Add(new Rfc3339DateTimeOffsetConverter());
        }
    }
}
