namespace Gnomon.Dashboard.Access;

/// <summary>The names of the dashboard's own sign-in: a cookie that carries the API key the person signed in with.</summary>
public static class DashboardAccess
{
    /// <summary>The cookie authentication scheme.</summary>
    public const string Scheme = "GnomonDashboard";

    /// <summary>The policy every page but the sign-in page requires.</summary>
    public const string Policy = "GnomonDashboard";

    /// <summary>The claim holding the key; the cookie is encrypted by Data Protection, so the key never reaches the page or a URL.</summary>
    public const string KeyClaim = "gnomon:api-key";

    /// <summary>Where the dashboard lives.</summary>
    public const string BasePath = "/dashboard";
}
