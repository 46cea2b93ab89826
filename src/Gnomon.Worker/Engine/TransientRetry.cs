using Gnomon.Store.Connections;

namespace Gnomon.Worker.Engine;

/// <summary>Retries a database write through a short outage (a restart, a failover), with backoff, then gives up.</summary>
internal static class TransientRetry
{
    /// <summary>About half a minute of tries: longer than a failover takes, shorter than a lease recovery would.</summary>
    public const int MaxFailures = 20;

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await write();
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && failures < MaxFailures && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(failures), timeProvider, cancellationToken);
            }
        }
    }

    public static TimeSpan Backoff(int failures) => RetryBackoff.After(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
}
