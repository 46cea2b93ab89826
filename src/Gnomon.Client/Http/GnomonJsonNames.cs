using System.Text.Json;

namespace Gnomon.Client.Http;

/// <summary>An enum value as the API spells it (camelCase), for query strings.</summary>
internal static class GnomonJsonNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
