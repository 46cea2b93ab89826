using System.Diagnostics;
using System.Text.Json.Nodes;
using Gnomon.Domain.Executors;
using Gnomon.Worker.Executors;
using Gnomon.Worker.Handlers;
using Gnomon.Worker.Tests.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gnomon.Worker.Tests.Handlers;

public sealed class HandlerExecutorTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    private static ServiceProvider CreateProvider(Action<IServiceCollection>? configure = null) =>
        ExecutorTestHost.Create(new Dictionary<string, string?> { ["Executors:MaxOutputBytes"] = "16" }, configure);

    private static Task<ExecutionOutcome> RunAsync(
        ServiceProvider provider, string handler, string? payload = null, CancellationToken cancellationToken = default) =>
        provider.Executor(HandlerExecutorSpec.TypeName)
            .ExecuteAsync(ExecutorTestHost.Request(new HandlerExecutorSpec { Handler = handler }, payload), cancellationToken);

    [Fact]
    public async Task ExecuteAsync_Noop_Succeeds()
    {
        await using var provider = CreateProvider();

        var outcome = await RunAsync(provider, "noop");

        Assert.Equal(new ExecutionOutcome(true, null, null, null), outcome);
    }

    [Fact]
    public async Task ExecuteAsync_SleepWithFakeClock_CompletesWhenTimeAdvances()
    {
        var clock = new FakeTimeProvider();
        await using var provider = CreateProvider(services => services.AddSingleton<TimeProvider>(clock));

        var running = RunAsync(provider, "sleep", """{"seconds": 2}""");
        var deadline = Stopwatch.StartNew();
        while (!running.IsCompleted)
        {
            Assert.True(deadline.Elapsed < s_deadline, "sleep did not complete");
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(10);
        }

        var outcome = await running;
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("slept 2000 ms", outcome.Output);
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ExecuteAsync_SleepCancelled_ThrowsPromptly()
    {
        await using var provider = CreateProvider();
        using var cts = new CancellationTokenSource();
        var running = RunAsync(provider, "sleep", """{"milliseconds": 60000}""", cts.Token);

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(s_deadline));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("""{"seconds": "two"}""", "'seconds' must be a number")]
    [InlineData("""{"milliseconds": -1}""", "'milliseconds' must be a number")]
    [InlineData("""[1]""", "not a JSON array")]
    public async Task ExecuteAsync_SleepWithBadPayload_FailsWithClearError(string payload, string expected)
    {
        await using var provider = CreateProvider();

        var outcome = await RunAsync(provider, "sleep", payload);

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("FormatException: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownHandler_Fails()
    {
        await using var provider = CreateProvider();

        var outcome = await RunAsync(provider, "x");

        Assert.False(outcome.Succeeded);
        Assert.Equal("no handler named 'x' is registered on this worker", outcome.Error);
    }

    [Fact]
    public async Task ExecuteAsync_ThrowingHandler_FailsWithTypeAndMessage()
    {
        await using var provider = CreateProvider(services => new GnomonWorkerBuilder(services).AddHandler<ThrowingHandler>("boom"));

        var outcome = await RunAsync(provider, "boom");

        Assert.False(outcome.Succeeded);
        Assert.Equal("InvalidOperationException: the handler broke", outcome.Error);
    }

    [Fact]
    public async Task ExecuteAsync_CustomHandler_ReceivesContextAndReturnsResult()
    {
        var sink = new ContextSink();
        await using var provider = CreateProvider(services =>
        {
            services.AddSingleton(sink);
            services.AddScoped<ScopedDependency>();
            new GnomonWorkerBuilder(services).AddHandler<RecordingHandler>("reports.daily-v2");
        });
        var request = ExecutorTestHost.Request(new HandlerExecutorSpec { Handler = "reports.daily-v2" }, """{"region":"eu"}""");
        var executor = provider.Executor(HandlerExecutorSpec.TypeName);

        var outcome = await executor.ExecuteAsync(request, CancellationToken.None);
        await executor.ExecuteAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("0123456789abcdef" + BoundedOutput.TruncationMarker, outcome.Output);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["rows"] = 3 }, outcome.Result));
        var context = sink.Contexts[0];
        Assert.Equal(
            (request.ExecutionId, request.JobId, "test-job", 2, request.ScheduledAt),
            (context.ExecutionId, context.JobId, context.JobName, context.Attempt, context.ScheduledAt));
        Assert.Equal("eu", context.Payload!.Value.GetProperty("region").GetString());
        Assert.Equal(2, sink.Dependencies.Distinct().Count());
        Assert.All(sink.Dependencies, d => Assert.True(d.Disposed, "each execution's scope is disposed"));
    }

    [Fact]
    public async Task ExecuteAsync_HandlerIgnoringCancellation_StillThrowsPromptly()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = CreateProvider(services =>
        {
            services.AddSingleton(release);
            new GnomonWorkerBuilder(services).AddHandler<StubbornHandler>("stubborn");
        });
        using var cts = new CancellationTokenSource();
        var running = RunAsync(provider, "stubborn", cancellationToken: cts.Token);

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(s_deadline));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        release.SetResult();
    }

    [Fact]
    public void AddHandler_DuplicateName_Throws()
    {
        var builder = new GnomonWorkerBuilder(new ServiceCollection());
        builder.AddHandler<ThrowingHandler>("dup");

        var error = Assert.Throws<ArgumentException>(() => builder.AddHandler<RecordingHandler>("dup"));
        Assert.Contains("'dup' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHandler_BuiltInName_Throws()
    {
        var services = new ServiceCollection();
        services.AddGnomonExecutors();

        Assert.Throws<ArgumentException>(() => new GnomonWorkerBuilder(services).AddHandler<ThrowingHandler>("noop"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("trailing-newline\n")]
    public void AddHandler_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new GnomonWorkerBuilder(new ServiceCollection()).AddHandler<ThrowingHandler>(name));
    }

    [Fact]
    public void AddHandler_NameOf200Characters_IsAccepted()
    {
        new GnomonWorkerBuilder(new ServiceCollection()).AddHandler<ThrowingHandler>(new string('a', 200));

        Assert.Throws<ArgumentException>(() =>
            new GnomonWorkerBuilder(new ServiceCollection()).AddHandler<ThrowingHandler>(new string('a', 201)));
    }

    public sealed class ContextSink
    {
        public List<JobContext> Contexts { get; } = [];

        public List<ScopedDependency> Dependencies { get; } = [];
    }

    public sealed class ScopedDependency : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    public sealed class RecordingHandler(ContextSink sink, ScopedDependency dependency) : IJobHandler
    {
        public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
        {
            lock (sink)
            {
                sink.Contexts.Add(context);
                sink.Dependencies.Add(dependency);
            }

            return Task.FromResult<HandlerResult?>(new HandlerResult
            {
                Output = "0123456789abcdef and more than the limit",
                Result = new JsonObject { ["rows"] = 3 },
            });
        }
    }

    public sealed class ThrowingHandler : IJobHandler
    {
        public Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the handler broke");
    }

    public sealed class StubbornHandler(TaskCompletionSource release) : IJobHandler
    {
        public async Task<HandlerResult?> HandleAsync(JobContext context, CancellationToken cancellationToken)
        {
            await release.Task; // deliberately ignores cancellationToken
            return null;
        }
    }
}
