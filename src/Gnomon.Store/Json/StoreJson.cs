using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Store.Json;

/// <summary>How definitions are written to jsonb columns: the same camelCase shapes the API shows.</summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // jsonb stores keys in its own order, so the "type" discriminator is rarely first.
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
