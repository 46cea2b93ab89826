using System.ComponentModel.DataAnnotations;

namespace Gnomon.Gateway;

/// <summary>Settings of the gateway, bound from <c>Gateway</c>.</summary>
public sealed record GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Base URLs of the masters, e.g. <c>http://10.0.0.5:5000</c>. Adding a master is adding a line here.</summary>
    public IReadOnlyList<string> Masters { get; init; } = [];

    /// <summary>How often each master's <c>/health/ready</c> is probed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a master that failed requests is left out before it is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReactivationPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body buffered so an idempotent request can be resent to another master.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRetryBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Why these settings cannot start a gateway, or null when they can.</summary>
    public string? Problem()
    {
        if (Masters.Count == 0)
        {
            return "no masters configured: set Gateway:Masters (e.g. --Gateway:Masters:0=http://127.0.0.1:5001 --Gateway:Masters:1=http://127.0.0.1:5002)";
        }

        for (var i = 0; i < Masters.Count; i++)
        {
            if (!Uri.TryCreate(Masters[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                return $"Gateway:Masters:{i} ('{Masters[i]}') is not an http(s) base URL such as http://127.0.0.1:5001";
            }
        }

        return null;
    }
}
