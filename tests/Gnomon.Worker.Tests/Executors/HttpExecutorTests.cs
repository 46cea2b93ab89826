using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gnomon.Domain.Executors;
using Gnomon.Worker.Executors;

namespace Gnomon.Worker.Tests.Executors;

public sealed class HttpExecutorTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    private Microsoft.Extensions.DependencyInjection.ServiceProvider _provider = null!;

    public Task InitializeAsync()
    {
        _provider = ExecutorTestHost.Create(new Dictionary<string, string?>
        {
            ["Executors:Http:AllowPrivateNetworks"] = "true",
            ["Executors:MaxOutputBytes"] = "1000",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private IExecutor Executor => _provider.Executor(HttpExecutorSpec.TypeName);

    [Fact]
    public async Task ExecuteAsync_2xx_SucceedsWithStatusAndBody()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/ok"), Method = "GET" }), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(200, (int)outcome.Result!["httpStatus"]!);
        Assert.Equal("hello from the server", outcome.Output);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task ExecuteAsync_500_FailsWithStatusAndBody()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/status/500") }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(500, (int)outcome.Result!["httpStatus"]!);
        Assert.Equal("status 500", outcome.Output);
        Assert.Contains("500", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, new[] { 404 }, true)]
    [InlineData(200, new[] { 201, 202 }, false)]
    public async Task ExecuteAsync_SuccessStatusCodes_AreHonoured(int status, int[] successCodes, bool expected)
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url($"/status/{status}"), SuccessStatusCodes = successCodes }),
            CancellationToken.None);

        Assert.Equal(expected, outcome.Succeeded);
        Assert.Equal(status, (int)outcome.Result!["httpStatus"]!);
    }

    [Fact]
    public async Task ExecuteAsync_BodyOverLimit_IsTruncated()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/big/10000000"), Method = "GET" }),
            CancellationToken.None).Within(s_deadline);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(new string('a', 1000) + BoundedOutput.TruncationMarker, outcome.Output);
    }

    [Fact]
    public async Task ExecuteAsync_BodyExactlyAtLimit_IsNotMarked()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/big/1000"), Method = "GET" }),
            CancellationToken.None);

        Assert.Equal(new string('a', 1000), outcome.Output);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringSlowCall_AbortsRequestAndThrowsPromptly()
    {
        server.ResetSlow();
        using var cts = new CancellationTokenSource();
        var running = Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/slow"), Method = "GET" }), cts.Token);
        await server.SlowStarted.Task.Within(s_deadline);

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Within(s_deadline));
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        await server.SlowAborted.Task.Within(s_deadline);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task ExecuteAsync_LoopbackWithPrivateNetworksDisallowed_IsRefused(string host)
    {
        await using var provider = ExecutorTestHost.Create();
        var path = $"/refused-{host}";
        var url = new UriBuilder(server.Url(path)) { Host = host }.Uri;

        var outcome = await provider.Executor(HttpExecutorSpec.TypeName).ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = url, Method = "GET" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Result);
        Assert.Contains("loopback", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Executors:Http:AllowPrivateNetworks=true", outcome.Error, StringComparison.Ordinal);
        Assert.False(server.Hits.ContainsKey(path), "the server must not have been reached");
    }

    [Fact]
    public async Task ExecuteAsync_HeadersMethodAndBody_AreSent()
    {
        var request = ExecutorTestHost.Request(new HttpExecutorSpec
        {
            Url = server.Url("/echo"),
            Method = "put",
            Headers = new Dictionary<string, string>
            {
                ["X-Token"] = "secret",
                ["Content-Type"] = "application/xml",
                ["X-Gnomon-Attempt"] = "spoofed",
            },
            Body = "<a>é</a>",
        });

        var outcome = await Executor.ExecuteAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        using var echo = JsonDocument.Parse(outcome.Output!);
        var headers = echo.RootElement.GetProperty("headers");
        Assert.Equal("PUT", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal("<a>é</a>", echo.RootElement.GetProperty("body").GetString());
        Assert.Equal("secret", headers.GetProperty("X-Token").GetString());
        Assert.Equal("application/xml", headers.GetProperty("Content-Type").GetString());
        Assert.Equal(request.ExecutionId.ToString(), headers.GetProperty("X-Gnomon-Execution-Id").GetString());
        Assert.Equal("2", headers.GetProperty("X-Gnomon-Attempt").GetString());
        Assert.Equal("2030-01-02T03:04:05.0000000+00:00", headers.GetProperty("X-Gnomon-Scheduled-At").GetString());
    }

    [Theory]
    [InlineData("{\"a\":1}", "application/json; charset=utf-8")]
    [InlineData("plain words", "text/plain; charset=utf-8")]
    [InlineData("42", "text/plain; charset=utf-8")]
    public async Task ExecuteAsync_BodyWithoutContentType_GetsInferredContentType(string body, string expected)
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/echo"), Body = body }), CancellationToken.None);

        using var echo = JsonDocument.Parse(outcome.Output!);
        Assert.Equal(expected, echo.RootElement.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal(body, echo.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task ExecuteAsync_Redirect_IsNotFollowedByDefault()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/redirect"), Method = "GET" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(302, (int)outcome.Result!["httpStatus"]!);
    }

    [Fact]
    public async Task ExecuteAsync_ConnectionRefused_FailsWithReason()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = new Uri($"http://127.0.0.1:{port}/"), Method = "GET" }),
            CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("refused", outcome.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExecuteAsync_UnsupportedMethod_Fails()
    {
        var outcome = await Executor.ExecuteAsync(
            ExecutorTestHost.Request(new HttpExecutorSpec { Url = server.Url("/ok"), Method = "TRACE" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("TRACE", outcome.Error, StringComparison.Ordinal);
    }
}
