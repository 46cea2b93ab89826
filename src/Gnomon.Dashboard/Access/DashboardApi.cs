using System.Net.Http.Headers;
using Gnomon.Client;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Dashboard.Access;

/// <summary>The API client of one dashboard request: this node's own API, with the key of the person signed in.</summary>
internal sealed class DashboardApi(IHttpClientFactory factory, SelfAddress self, IHttpContextAccessor context)
{
    public const string HttpClientName = "gnomon-dashboard";

    private GnomonClient? _client;

    public GnomonClient Client => _client ??= For(context.HttpContext?.User.FindFirst(DashboardAccess.KeyClaim)?.Value);

    /// <summary>A client with <paramref name="key"/> (null: none), to try a key at sign-in.</summary>
    public GnomonClient For(string? key)
    {
        var http = factory.CreateClient(HttpClientName);
        http.BaseAddress = self.Value;
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new GnomonClient(http);
    }
}
