using System.Globalization;
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

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // Formatted in place: a response of 1,000 jobs writes thousands of instants.
        Span<byte> utf8 = stackalloc byte[32];
        if (value.UtcDateTime.TryFormat(utf8, out var written, Rfc3339.WriteFormat, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(utf8[..written]);
        }
        else
        {
            writer.WriteStringValue(Rfc3339.Format(value));
        }
    }
}
