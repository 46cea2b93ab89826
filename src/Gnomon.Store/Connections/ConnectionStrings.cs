using System.Globalization;
using Npgsql;

namespace Gnomon.Store.Connections;

/// <summary>Reads <c>ConnectionStrings:Gnomon</c>: an Npgsql connection string, or the libpq URI a failover manager prints.</summary>
/// <remarks>
/// <c>pg_autoctl show uri --formation default</c> prints <c>postgres://h1:5432,h2:5433/db?target_session_attrs=read-write</c>;
/// Npgsql takes only <c>key=value</c> strings, so such a URI is translated (the hosts, user, password, database and the
/// parameters below). A URI parameter with no Npgsql meaning here is refused, not dropped.
/// </remarks>
public static class ConnectionStrings
{
    private static readonly string[] Schemes = ["postgres://", "postgresql://"];

    /// <summary>The Npgsql form of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">A URI that cannot be translated, naming what is wrong.</exception>
    public static string ToNpgsql(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var scheme = Schemes.FirstOrDefault(s => value.StartsWith(s, StringComparison.OrdinalIgnoreCase));
        if (scheme is null)
        {
            return value;
        }

        var rest = value[scheme.Length..];
        var query = "";
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var builder = new NpgsqlConnectionStringBuilder();
        if (slash >= 0 && rest.Length > slash + 1)
        {
            builder.Database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        }

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var user = authority[..at];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? user : user[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(user[(colon + 1)..]);
            }

            authority = authority[(at + 1)..];
        }

        if (authority.Length == 0 || authority.Split(',').Any(h => h.Length == 0))
        {
            throw new ArgumentException($"the connection URI names no host, or an empty one: '{Redacted(value)}'");
        }

        builder.Host = authority;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
            Apply(builder, key, parameter);
        }

        return builder.ConnectionString;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "target_session_attrs":
                builder.TargetSessionAttributes = value;
                break;
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new ArgumentException($"the connection URI's sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                };
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? seconds
                    : throw new ArgumentException($"the connection URI's connect_timeout '{value}' is not a whole number of seconds");
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            default:
                throw new ArgumentException(
                    $"the connection URI's parameter '{key}' is not supported (known: target_session_attrs, sslmode, application_name, connect_timeout, user, password, dbname); use an Npgsql connection string (Host=…;Port=…;…) for anything else");
        }
    }

    /// <summary>The URI without its password, for messages.</summary>
    private static string Redacted(string uri)
    {
        var at = uri.LastIndexOf('@');
        var colon = at < 0 ? -1 : uri.IndexOf(':', uri.IndexOf("//", StringComparison.Ordinal) + 2);
        return colon >= 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }
}
