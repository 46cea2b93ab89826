using System.Collections.Concurrent;
using Gnomon.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gnomon.Gateway.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering as a master does at the edges the gateway sees (health, API paths),
/// recording what reached it. <c>/api/abort</c> drops the connection without an answer, as a master dying mid-request.
/// </summary>
internal sealed class StandInMaster : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInMaster(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = new();

    public volatile bool Ready = true;

    /// <summary>What API paths answer; anything but 200 is a problem response, as a master whose database is down gives.</summary>
    public volatile int ApiStatus = StatusCodes.Status200OK;

    public static async Task<StandInMaster> StartAsync(string name, bool abortsApiCalls = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var master = new StandInMaster(app, name);
        app.MapGet("/health/ready", () => master.Ready ? Results.Ok() : Results.StatusCode(503));
        app.Map("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            master.Requests.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.FirstOrDefault(), body));
            if (abortsApiCalls)
            {
                context.Abort();
                return Results.Empty;
            }

            return master.ApiStatus == StatusCodes.Status200OK
                ? Results.Json(new { master = name, path = context.Request.Path.Value, body })
                : Results.Problem(statusCode: master.ApiStatus, title: $"{name} cannot serve");
        });
        await app.StartAsync();
        master.Address = ServerAddress.Of(app);
        return master;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
