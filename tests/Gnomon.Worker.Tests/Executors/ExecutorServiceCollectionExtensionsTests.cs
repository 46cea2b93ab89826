using Gnomon.Worker.Executors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gnomon.Worker.Tests.Executors;

public sealed class ExecutorServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGnomonExecutors_Defaults_RegistersAllExecutorsWithSafeOptions()
    {
        await using var provider = ExecutorTestHost.Create();

        var registry = provider.GetRequiredService<ExecutorRegistry>();
        var options = provider.GetRequiredService<IOptions<ExecutorOptions>>().Value;

        Assert.Equal(["handler", "http", "shell"], registry.Types.Order(StringComparer.Ordinal));
        Assert.Null(registry.Find("ftp"));
        Assert.Equal(new ExecutorOptions(), options with { Http = new(), Shell = new() });
        Assert.False(options.Http.AllowPrivateNetworks);
        Assert.False(options.Http.AllowRedirects);
        Assert.False(options.Shell.Enabled);
        Assert.Equal(65536, options.MaxOutputBytes);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddGnomonExecutors_Configuration_IsBound()
    {
        await using var provider = ExecutorTestHost.Create(new Dictionary<string, string?>
        {
            ["Executors:Http:AllowPrivateNetworks"] = "true",
            ["Executors:Http:AllowRedirects"] = "true",
            ["Executors:Shell:Enabled"] = "true",
            ["Executors:MaxOutputBytes"] = "123",
        });

        var options = provider.GetRequiredService<IOptions<ExecutorOptions>>().Value;

        Assert.Equal(
            new ExecutorOptions
            {
                Http = new HttpExecutorOptions { AllowPrivateNetworks = true, AllowRedirects = true },
                Shell = new ShellExecutorOptions { Enabled = true },
                MaxOutputBytes = 123,
            },
            options);
    }

    [Fact]
    public async Task AddGnomonExecutors_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddGnomonExecutors();
        services.AddGnomonExecutors();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetServices<IExecutor>().Count());
    }

    [Fact]
    public void ExecutorRegistry_DuplicateType_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExecutorRegistry([new FakeExecutor(), new FakeExecutor()]));
    }

    private sealed class FakeExecutor : IExecutor
    {
        public string Type => "fake";

        public Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ExecutionOutcome(true, null, null, null));
    }
}
