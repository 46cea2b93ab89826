using Microsoft.Extensions.Configuration;

namespace Gnomon.Samples.CustomHandler;

internal static class ConfigurationExtensions
{
    public static string GetConnectionStringOrThrow(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Set ConnectionStrings__{name} to the Gnomon database (the one 'gnomon dev' prints).");
}
