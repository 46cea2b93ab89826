using Gnomon.Store.Connections;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.Store.Notifications;

/// <summary>Holds one connection that LISTENs on channels and hands notifications to a callback, reconnecting with backoff.</summary>
/// <remarks>
/// Notifications sent while the connection was down are lost, so after every (re)connect the caller's
/// <c>onConnected</c> runs: callers use it to catch up by querying, which is why polling stays a fallback.
/// </remarks>
public sealed partial class NotificationListener(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<NotificationListener> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Listens until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IReadOnlyList<string> channels, Action<string, string> onNotification, Action onConnected, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) => onNotification(e.Channel, e.Payload);
                foreach (var channel in channels)
                {
                    await using var listen = new NpgsqlCommand("listen " + channel, connection);
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                failures = 0;
                onConnected();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
            {
                var backoff = RetryBackoff.After(++failures, TimeSpan.FromMilliseconds(100), MaxBackoff);
                LogListenFailed(ex, backoff);
                await Task.Delay(backoff, timeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = EventIds.NotificationListenerListenFailed, Level = LogLevel.Warning, Message = "Notification connection lost; reconnecting in {Backoff}")]
    private partial void LogListenFailed(Exception exception, TimeSpan backoff);
}
