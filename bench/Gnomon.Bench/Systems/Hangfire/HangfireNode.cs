using Gnomon.Bench.Measurement;
using Hangfire;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Gnomon.Bench.Systems.Hangfire;

/// <summary>
/// One Hangfire <see cref="BackgroundJobServer"/> in this process on PostgreSQL storage, configured as
/// <see cref="HangfireSystem"/> describes.
/// </summary>
internal sealed class HangfireNode : IAsyncDisposable
{
    /// <summary>Workers of the server, as the other systems are given (Hangfire's default is 10 per server, capped by cores).</summary>
    public const int WorkerCount = 20;

    /// <summary>
    /// How often the recurring and delayed job schedulers look for due work, where second-level schedules are
    /// measured (Hangfire's default is 15 s, which skips most every-second slots; PEERS.md).
    /// </summary>
    public static readonly TimeSpan SecondLevelSchedulePolling = TimeSpan.FromSeconds(1);

    private readonly BackgroundJobServer _server;

    private HangfireNode(PostgreSqlStorage storage, BackgroundJobServer server)
    {
        Storage = storage;
        _server = server;
    }

    public PostgreSqlStorage Storage { get; }

    /// <summary>The storage alone, with no server processing it; it installs its schema on first use.</summary>
    public static PostgreSqlStorage OpenStorage(string connectionString)
    {
        // Hangfire logs nowhere unless told; warnings and errors (a recurring job that cannot be scheduled, a
        // storage failure) go to the console as Gnomon's and Quartz's do, so a failing run says why.
        GlobalConfiguration.Configuration.UseColouredConsoleLogProvider(LogLevel.Warn);
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>Starts a server on <paramref name="storage"/>; <paramref name="schedulePolling"/> null keeps Hangfire's default.</summary>
    public static HangfireNode Start(PostgreSqlStorage storage, TimeSpan? schedulePolling, FireRecorder? recorder)
    {
        var options = new BackgroundJobServerOptions { WorkerCount = WorkerCount };
        if (schedulePolling is { } polling)
        {
            options.SchedulePollingInterval = polling;
        }

        if (recorder is not null)
        {
            options.Activator = new RecordingJobActivator(recorder);
        }

        return new HangfireNode(storage, new BackgroundJobServer(options, storage));
    }

    /// <summary>Asks the server to stop (running jobs are not waited for; ours return at once) and waits for its threads.</summary>
    public async ValueTask DisposeAsync()
    {
        _server.SendStop();
        await _server.WaitForShutdownAsync(CancellationToken.None);
        _server.Dispose();
    }
}
