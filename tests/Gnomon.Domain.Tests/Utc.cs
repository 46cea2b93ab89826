using System.Globalization;

namespace Gnomon.Domain.Tests;

/// <summary>Instants written the way the API writes them, so expected values read like the contract.</summary>
internal static class Utc
{
    public static DateTimeOffset At(string rfc3339) =>
        DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
