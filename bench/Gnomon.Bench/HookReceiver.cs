using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gnomon.Bench;

/// <summary>The local HTTP endpoint jobs call; records when each call arrived and which slot it belongs to.</summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HookReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>(job, nominal slot, arrival) of every call.</summary>
    public ConcurrentQueue<(string Job, DateTimeOffset Scheduled, DateTimeOffset Arrived)> Calls { get; } = new();

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HookReceiver? receiver = null;
        app.MapPost("/hook/{job}", (string job, HttpRequest request) =>
        {
            var arrived = TimeProvider.System.GetUtcNow();
            if (DateTimeOffset.TryParse(request.Headers["X-Gnomon-Scheduled-At"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var scheduled))
            {
                receiver!.Calls.Enqueue((job, scheduled, arrived));
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new HookReceiver(app, new Uri(address));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
