using System.Diagnostics.Metrics;
using Gnomon.Store.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Connections;

public sealed class DatabaseConnectionTests : IDisposable
{
    private static readonly DatabaseEndpoint First = new("127.0.0.1", 6001, IsPrimary: true);
    private static readonly DatabaseEndpoint Second = new("127.0.0.1", 6002, IsPrimary: true);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create("Host=127.0.0.1:6001,127.0.0.1:6002;Username=postgres");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Reached_SameServerAgain_ChangesNothing()
    {
        var connection = Create();

        Assert.Equal(DatabaseChange.None, connection.Reached(First));
        Assert.Equal(DatabaseChange.None, connection.Reached(First));
        Assert.Equal(First, connection.Current);
    }

    [Fact]
    public void Reached_AfterALoss_IsARegainAndLeasesWaitForTheGrace()
    {
        var connection = Create();
        connection.Reached(First);

        Assert.True(connection.Lost("connection refused"));
        Assert.False(connection.Lost("connection refused"));
        Assert.Null(connection.Current);
        Assert.Equal("connection refused", connection.LastError);
        Assert.False(connection.AnsweredFor(TimeSpan.FromSeconds(15)));
        Assert.Equal(DatabaseChange.Regained, connection.Reached(First));
        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(connection.AnsweredFor(TimeSpan.FromSeconds(15)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(connection.AnsweredFor(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void Reached_AnotherServer_IsAMoveAndRestartsTheGrace()
    {
        var connection = Create();
        connection.Reached(First);
        Assert.True(connection.AnsweredFor(TimeSpan.FromSeconds(15)));

        Assert.Equal(DatabaseChange.Moved, connection.Reached(Second));

        Assert.Equal(Second, connection.Current);
        Assert.False(connection.AnsweredFor(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void Counters_LossAndMove_AreCountedOnTheMeter()
    {
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DatabaseConnection.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts[instrument.Name] = value);
        listener.Start();
        var connection = Create();

        connection.Reached(First);
        connection.Lost("gone");
        connection.Reached(First);
        connection.Reached(Second);
        listener.RecordObservableInstruments();

        Assert.Equal(1, counts["reconnects"]);
        Assert.Equal(1, counts["failovers"]);
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _services.Dispose();
    }

    private DatabaseConnection Create() => new(_dataSource, _services.GetRequiredService<IMeterFactory>(), _time);
}
