using Gnomon.Bench.Measurement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Gnomon.Bench.Systems.Quartz;

/// <summary>
/// One Quartz.NET scheduler in this process, configured as PEERS.md describes (see <see cref="QuartzSystem"/>), built
/// in standby: it fires nothing until <see cref="IScheduler.Start"/>.
/// </summary>
internal sealed class QuartzNode : IAsyncDisposable
{
    /// <summary>Jobs that may run at once on this node, as the other systems are given.</summary>
    public const int MaxConcurrency = 20;

    private readonly StandaloneSchedulerFactory _factory;

    private QuartzNode(StandaloneSchedulerFactory factory, IScheduler scheduler)
    {
        _factory = factory;
        Scheduler = scheduler;
    }

    public IScheduler Scheduler { get; }

    public static async Task<QuartzNode> CreateAsync(string connectionString, FireRecorder? recorder, CancellationToken cancellationToken)
    {
        var factory = QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.Services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            if (recorder is not null)
            {
                quartz.Services.AddSingleton(recorder);
            }

            quartz.UseDefaultThreadPool(MaxConcurrency);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                store.UseClustering();
                // Quartz creates its own tables (its shipped PostgreSQL schema) on the fresh database it is given.
                store.ProvisionSchema();
            });
        }).Build();
        try
        {
            return new QuartzNode(factory, await factory.GetScheduler(cancellationToken));
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>Shuts the scheduler down without waiting for running jobs, then disposes what built it.</summary>
    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
        await _factory.DisposeAsync();
    }
}
