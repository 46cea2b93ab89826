using Gnomon.Store;
using Gnomon.Store.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gnomon.Testing;

/// <summary>One Gnomon process for a test: its own service provider (so its own data source) and the hosted services it runs.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];

    private TestNode(ServiceProvider provider) => _provider = provider;

    /// <summary>Builds a node on <paramref name="connectionString"/>; <paramref name="configure"/> adds the roles (scheduler, worker, handlers).</summary>
    public static TestNode Create(
        string connectionString,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddGnomonStore(connectionString);
        configure?.Invoke(services);
        return new TestNode(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Starts the hosted service registered as <typeparamref name="T"/>.</summary>
    public async Task StartAsync<T>()
        where T : IHostedService
    {
        // The roles wait for the schema gate, which the migration service opens (the database is migrated already).
        var gate = _provider.GetRequiredService<SchemaGate>();
        if (!gate.IsOpen && typeof(T) != typeof(SchemaMigrationService))
        {
            await StartAsync<SchemaMigrationService>();
            await gate.WaitAsync(CancellationToken.None);
        }

        var service = _provider.GetServices<IHostedService>().OfType<T>().Single();
        await service.StartAsync(CancellationToken.None);
        _started.Add(service);
    }

    /// <summary>Stops what was started, newest first; a stopped node writes nothing more.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(timeout.Token);
        }

        _started.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
