using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Api.Json;

/// <summary>Reads and writes <see cref="DateTimeOffset"/> as <see cref="Rfc3339"/> says.</summary>
public sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !Rfc3339.TryParse(reader.GetString(), out var instant))
        {
            throw new JsonException(Rfc3339.Expectation);
        }

        return instant;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.Format(value));
}
