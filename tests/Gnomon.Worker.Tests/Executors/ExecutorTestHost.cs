using System.Text.Json;
using Gnomon.Domain.Executors;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Worker.Tests.Executors;

/// <summary>A service provider wired exactly as a worker wires it: configuration + <c>AddGnomonExecutors</c>.</summary>
internal static class ExecutorTestHost
{
    public static ServiceProvider Create(
        IDictionary<string, string?>? configuration = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(
            new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build());
        services.AddLogging();
        configure?.Invoke(services);
        services.AddGnomonExecutors();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IExecutor Executor(this ServiceProvider provider, string type) =>
        provider.GetRequiredService<ExecutorRegistry>().Find(type)
        ?? throw new InvalidOperationException($"no executor for '{type}'");

    public static ExecutionRequest Request(ExecutorSpec spec, string? payloadJson = null) =>
        new(
            Guid.NewGuid(),
            Guid.NewGuid(),
            "test-job",
            2,
            new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            spec,
            payloadJson is null ? null : JsonDocument.Parse(payloadJson).RootElement.Clone());

    /// <summary>Waits for <paramref name="task"/>, failing the test if it takes longer than <paramref name="limit"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan limit) => await task.WaitAsync(limit);

    public static async Task Within(this Task task, TimeSpan limit) => await task.WaitAsync(limit);
}
