using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gnomon.Bench.Lag;

/// <summary>The harness's own listener: Kestrel in this process, with its defaults.</summary>
internal sealed class HookReceiver : IHookReceiver
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<HookCall> _calls;

    private HookReceiver(WebApplication app, Uri address, ConcurrentQueue<HookCall> calls)
    {
        _app = app;
        _calls = calls;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => Environment.ProcessId;

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var calls = new ConcurrentQueue<HookCall>();
        app.MapPost("/hook/{job}", (string job, HttpRequest request) =>
        {
            var arrived = TimeProvider.System.GetUtcNow();
            if (DateTimeOffset.TryParse(request.Headers["X-Gnomon-Scheduled-At"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var scheduled))
            {
                calls.Enqueue(new HookCall(job, scheduled, arrived));
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HookReceiver(app, new Uri(address), calls);
    }

    public Task<IReadOnlyList<HookCall>> CallsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HookCall>>([.. _calls]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
