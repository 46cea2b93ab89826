using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Client.Http;

/// <summary>The API's JSON: camelCase names and enums, nulls left out of what is sent.</summary>
public static class GnomonJson
{
    /// <summary>The serializer options every call uses; also what a caller reads job files with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A hand-written executor may name its "type" after other fields.
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
