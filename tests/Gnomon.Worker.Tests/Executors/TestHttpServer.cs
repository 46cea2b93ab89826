using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gnomon.Worker.Tests.Executors;

/// <summary>A real Kestrel server on a free loopback port, shared by the tests of one class.</summary>
public sealed class TestHttpServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests seen, by path.</summary>
    public ConcurrentDictionary<string, int> Hits { get; } = new();

    /// <summary>Completed when /slow has received a request.</summary>
    public TaskCompletionSource SlowStarted { get; private set; } = NewSignal();

    /// <summary>Completed when the client aborted its /slow request.</summary>
    public TaskCompletionSource SlowAborted { get; private set; } = NewSignal();

    public void ResetSlow()
    {
        SlowStarted = NewSignal();
        SlowAborted = NewSignal();
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            Hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapGet("/ok", () => "hello from the server");
        app.MapMethods("/status/{code:int}", ["GET", "POST"], (int code) => Results.Text($"status {code}", statusCode: code));
        app.MapGet("/big/{bytes:int}", async (int bytes, HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            var chunk = Encoding.ASCII.GetBytes(new string('a', 8192));
            for (var sent = 0; sent < bytes; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, bytes - sent)), context.RequestAborted);
            }
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            var aborted = SlowAborted;
            context.RequestAborted.Register(() => aborted.TrySetResult());
            SlowStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/redirect", () => Results.Redirect("/ok"));
        app.MapMethods("/echo", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            return Results.Json(new
            {
                method = context.Request.Method,
                headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
            });
        });
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
