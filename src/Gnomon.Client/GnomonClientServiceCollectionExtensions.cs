using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Client;

/// <summary>Registers <see cref="GnomonClient"/> as a typed client of <see cref="IHttpClientFactory"/>.</summary>
public static class GnomonClientServiceCollectionExtensions
{
    /// <summary>Adds <see cref="GnomonClient"/>, configured by <paramref name="configure"/>; the returned builder adds handlers (resilience, logging).</summary>
    /// <example><code>services.AddGnomonClient(o => { o.BaseAddress = new Uri("http://127.0.0.1:5050/"); o.ApiKey = key; });</code></example>
    public static IHttpClientBuilder AddGnomonClient(this IServiceCollection services, Action<GnomonClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GnomonClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "GnomonClientOptions.BaseAddress must be an absolute http(s) URI, such as http://127.0.0.1:5050/.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "GnomonClientOptions.Timeout must be positive.");
        return services.AddHttpClient<GnomonClient>((provider, http) => Configure(http, provider.GetRequiredService<IOptions<GnomonClientOptions>>().Value));
    }

    /// <summary>Points <paramref name="http"/> at the server of <paramref name="options"/>, with its key.</summary>
    public static void Configure(HttpClient http, GnomonClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var address = options.BaseAddress ?? throw new ArgumentException("GnomonClientOptions.BaseAddress is required.", nameof(options));
        // Relative calls resolve below the base only when it ends with '/' (a gateway may serve Gnomon under a path).
        http.BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        http.Timeout = options.Timeout;
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
    }
}
