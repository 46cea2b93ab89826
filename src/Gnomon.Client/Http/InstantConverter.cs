using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gnomon.Client.Http;

/// <summary>Instants as the API writes them, RFC 3339 UTC with milliseconds (<c>2026-11-23T10:00:00.000Z</c>); any RFC 3339 offset is read.</summary>
internal sealed class InstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
