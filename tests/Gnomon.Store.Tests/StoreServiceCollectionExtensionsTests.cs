using Gnomon.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.Store.Tests;

public sealed class StoreServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddGnomonStore_DataSource_LogsThroughTheHostsLogging()
    {
        var logged = new RecordingLoggerProvider();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logged).SetMinimumLevel(LogLevel.Debug))
            .AddGnomonStore(await TestDatabase.CreateAsync())
            .BuildServiceProvider();

        await using (var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("select 1"))
        {
            await command.ExecuteScalarAsync();
        }

        // Npgsql's own categories (Npgsql.Connection, Npgsql.Command, …) reach the host's providers.
        Assert.Contains(logged.Categories, c => c.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddGnomonStore_DataSource_KeepsGnomonsPoolSettings()
    {
        await using var services = new ServiceCollection().AddLogging().AddGnomonStore(await TestDatabase.CreateAsync()).BuildServiceProvider();

        var settings = new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);

        Assert.Equal((50, 64, "gnomon"), (settings.MaxPoolSize, settings.MaxAutoPrepare, settings.ApplicationName));
    }

    [Fact]
    public void AddGnomonKeyRing_AfterDataProtection_TakesAwayTheWarmUpThatReadsTheRingBeforeTheSchema()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection();
        Assert.Contains(services, d => d.ImplementationType?.FullName == StoreServiceCollectionExtensions.DataProtectionWarmUp);

        services.AddGnomonKeyRing();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == StoreServiceCollectionExtensions.DataProtectionWarmUp);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _categories = new();

        public IEnumerable<string> Categories => _categories.Keys;

        public ILogger CreateLogger(string categoryName) => new Recording(categoryName, _categories);

        public void Dispose()
        {
        }

        private sealed class Recording(string category, System.Collections.Concurrent.ConcurrentDictionary<string, bool> categories) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                categories[category] = true;
        }
    }
}
