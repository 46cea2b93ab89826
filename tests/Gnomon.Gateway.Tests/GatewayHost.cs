using System.Net.Http.Headers;
using Gnomon.Testing;
using Microsoft.AspNetCore.Builder;

namespace Gnomon.Gateway.Tests;

/// <summary>A real gateway on 127.0.0.1 in front of the given masters.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string Key = "gateway-test-key-0123456789";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Anonymous = new HttpClient { BaseAddress = address };
        Client = new HttpClient { BaseAddress = address };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    /// <summary>Sends the API key.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no key.</summary>
    public HttpClient Anonymous { get; }

    /// <param name="settings">More settings as <c>Section:Key</c> and value, e.g. a rate limit.</param>
    public static async Task<GatewayHost> StartAsync(IEnumerable<Uri> masters, TimeSpan? healthCheckInterval = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--Security:ApiKeys:0={Key}", "--Logging:LogLevel:Default=Warning" };
        args.AddRange(masters.Select((m, i) => $"--Gateway:Masters:{i}={m}"));
        if (healthCheckInterval is { } interval)
        {
            args.Add($"--Gateway:HealthCheckInterval={interval}");
        }

        args.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));

        var app = GatewayApplication.Build([.. args]);
        await app.StartAsync();
        return new GatewayHost(app, ServerAddress.Of(app));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _app.DisposeAsync();
    }
}
