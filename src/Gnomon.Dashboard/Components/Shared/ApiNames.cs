using System.Text.Json;

namespace Gnomon.Dashboard.Components.Shared;

/// <summary>An enum value as the API spells it (camelCase: <c>timedOut</c>, <c>runOnce</c>), for labels and query strings.</summary>
internal static class ApiNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
