using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>A tiny real HTTP server on a free loopback port that HTTP jobs call: it records every call and can fail or stall on request.</summary>
public sealed class TargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TargetCall> _calls = new();
    private int _failuresLeft;
    private long _delayTicks;

    private TargetServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every call received so far, in arrival order.</summary>
    public IReadOnlyList<TargetCall> Calls => [.. _calls];

    /// <summary>The next <paramref name="count"/> calls are answered 500.</summary>
    public void FailFirst(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>Every call waits <paramref name="delay"/> before answering (and stops waiting when the client goes away).</summary>
    public void DelayEachCall(TimeSpan delay) => Interlocked.Exchange(ref _delayTicks, delay.Ticks);

    public Uri Url(string path) => new(BaseAddress, path);

    public static async Task<TargetServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TargetServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TargetServer(app, new Uri(address));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var call = new TargetCall(context.Request.Method, context.Request.Path + context.Request.QueryString, TimeProvider.System.GetUtcNow());
        _calls.Enqueue(call);
        var aborted = context.RequestAborted;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            call.Body = await reader.ReadToEndAsync(aborted);
            var delay = TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, aborted);
            }

            var fail = Interlocked.Decrement(ref _failuresLeft) >= 0;
            context.Response.StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            await context.Response.WriteAsync(fail ? "failing on purpose" : "ok", aborted);
            call.Complete(context.Response.StatusCode, TimeProvider.System.GetUtcNow());
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            call.Abort(TimeProvider.System.GetUtcNow());
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            call.Abort(TimeProvider.System.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
