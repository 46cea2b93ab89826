using System.Diagnostics.Metrics;
using Npgsql;

namespace Gnomon.Store.Connections;

/// <summary>What this node knows of its database right now: the server it reaches, or why it reaches none; with the counts of reconnects and failovers.</summary>
/// <remarks>
/// Fed by <see cref="DatabaseMonitor"/>. When the database is lost, or the server behind the connection string changes
/// (a standby promoted by the failover manager), the pool's idle connections are dropped at once: they lead to a dead or
/// demoted server, and each would otherwise fail one statement before Npgsql let it go.
/// </remarks>
public sealed class DatabaseConnection : IDisposable
{
    public const string MeterName = "Gnomon.Database";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly Meter _meter;
    private long _reconnects;
    private long _failovers;
    private readonly Lock _gate = new();
    private DatabaseEndpoint? _lastReached;
    private bool _lost;

    // When the current unbroken stretch of answers began after a loss or a move; null when this node saw neither.
    private long? _since;

    public DatabaseConnection(NpgsqlDataSource dataSource, IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _meter = meterFactory.Create(MeterName);
        // Observed rather than added to, so a scrape shows both series (at zero) before the first failover.
        _meter.CreateObservableCounter("reconnects", () => Interlocked.Read(ref _reconnects), description: "Times this node lost its database and reached it again");
        _meter.CreateObservableCounter("failovers", () => Interlocked.Read(ref _failovers), description: "Times the server this node reaches through its connection string changed (a failover or switchover)");
        _meter.CreateObservableGauge("primary", () => Current is { IsPrimary: true } ? 1 : 0, description: "1 while this node reaches a primary");
    }

    /// <summary>The server reached by the latest probe; null while none answers.</summary>
    public DatabaseEndpoint? Current { get; private set; }

    /// <summary>Why no server answered the latest probe; null while one does.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Whether the database answers and, if this node saw it lost or moved, has answered without a break for at least
    /// <paramref name="span"/> since (by this node's clock). Leases could not be renewed while it was away, so they are
    /// judged only after such a span.
    /// </summary>
    public bool AnsweredFor(TimeSpan span)
    {
        lock (_gate)
        {
            return !_lost && (_since is not { } since || _timeProvider.GetElapsedTime(since) >= span);
        }
    }

    /// <summary>Records a probe that reached <paramref name="endpoint"/>.</summary>
    /// <returns>What changed, for the caller to log: the node reached the database again, or another server.</returns>
    public DatabaseChange Reached(DatabaseEndpoint endpoint)
    {
        lock (_gate)
        {
            var previous = _lastReached;
            var wasLost = _lost;
            Current = endpoint;
            LastError = null;
            _lastReached = endpoint;
            _lost = false;
            var moved = previous is not null && previous.Address != endpoint.Address;
            if (wasLost || moved)
            {
                _since = _timeProvider.GetTimestamp();
            }

            if (moved)
            {
                Interlocked.Increment(ref _failovers);
                DropIdleConnections();
                return DatabaseChange.Moved;
            }

            if (wasLost)
            {
                Interlocked.Increment(ref _reconnects);
                return DatabaseChange.Regained;
            }

            return DatabaseChange.None;
        }
    }

    /// <summary>Records a probe that reached no server.</summary>
    /// <returns>Whether the database was reachable until now.</returns>
    public bool Lost(string error)
    {
        lock (_gate)
        {
            var wasReachable = !_lost;
            Current = null;
            LastError = error;
            _lost = true;
            if (wasReachable)
            {
                DropIdleConnections();
            }

            return wasReachable;
        }
    }

    public void Dispose() => _meter.Dispose();

    private void DropIdleConnections()
    {
        _dataSource.Clear();
        if (_dataSource is NpgsqlMultiHostDataSource multiHost)
        {
            // Hosts found offline or standby a moment ago are asked again, not skipped for Host Recheck Seconds.
            multiHost.ClearDatabaseStates();
        }
    }
}
