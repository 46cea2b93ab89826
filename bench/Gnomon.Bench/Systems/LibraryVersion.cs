using System.Reflection;

namespace Gnomon.Bench.Systems;

/// <summary>The version of a referenced library as its package states it, so a table never names a version it did not run.</summary>
internal static class LibraryVersion
{
    /// <summary>The informational version of <paramref name="type"/>'s assembly, without a source-revision suffix.</summary>
    public static string Of(Type type)
    {
        var assembly = type.Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
