using Gnomon.Domain.Executions;
using Gnomon.Store.Executions;
using Gnomon.Worker.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Gnomon.Worker.Tests.Engine;

public sealed class CompletionWriterTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task CompleteAsync_DatabaseAwayOnce_IsWrittenAfterTheBackoff()
    {
        var sent = new List<IReadOnlyList<CompletedAttempt>>();
        var writer = Writer(batch =>
        {
            sent.Add(batch);
            return sent.Count == 1 ? throw new NpgsqlException("connection refused") : batch.Select(c => c.Id).ToHashSet();
        });
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);
        var completion = Completion();

        var accepted = writer.CompleteAsync(completion);
        await EngineFakes.AdvanceUntilAsync(_clock, () => accepted.IsCompleted, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));

        Assert.True(await accepted);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, batch => Assert.Equal(completion, Assert.Single(batch)));
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task CompleteAsync_LeaseNoLongerHeld_ReturnsFalse()
    {
        var writer = Writer(_ => new HashSet<Guid>());
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        Assert.False(await writer.CompleteAsync(Completion()));
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task CompleteAsync_NotADatabaseOutage_FailsAtOnce()
    {
        var calls = 0;
        var writer = Writer(_ =>
        {
            calls++;
            throw new InvalidOperationException("a bug, not an outage");
        });
        using var stop = new CancellationTokenSource();
        var loop = writer.RunAsync(stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync(Completion()));
        Assert.Equal(1, calls);
        await stop.CancelAsync();
        await loop;
    }

    private CompletionWriter Writer(Func<IReadOnlyList<CompletedAttempt>, IReadOnlySet<Guid>> complete) =>
        new((batch, _) => Task.FromResult(complete(batch)), 100, _clock, NullLogger.Instance);

    private static CompletedAttempt Completion() => new(Guid.NewGuid(), 1, ExecutionStatus.Succeeded, null, null, null, null, null);
}
