using System.Net;
using Gnomon.Testing;

namespace Gnomon.Client.Tests;

public sealed class StatsApiTests(ClientServer server) : IClassFixture<ClientServer>
{
    private readonly GnomonClient _client = server.Client;

    [Fact]
    public async Task GetStatsAsync_AfterAnExecution_HasItsMinutesWithTheSuccessAndItsLag()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-stats"));
        var triggered = await _client.TriggerJobAsync(job.Name);
        await Eventually.WaitAsync(() => _client.GetExecutionAsync(triggered.Id), e => e.IsFinished, "the execution", TimeSpan.FromSeconds(30));

        var stats = await Eventually.WaitAsync(() => _client.GetStatsAsync(5), s => s.Minutes.Sum(m => m.Succeeded) >= 1, "the success to be counted", TimeSpan.FromSeconds(20));

        Assert.Equal(5, stats.Minutes.Count);
        Assert.Equal(stats.From, stats.Minutes[0].At);
        Assert.Contains(stats.Minutes, m => m.LagMs is { P50: > 0 });
        Assert.Equal(10_000, stats.Backlog.CountedUpTo);
    }

    [Fact]
    public async Task GetStatsAsync_MoreThanADay_IsAFieldErrorOnMinutes()
    {
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.GetStatsAsync(1441));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.True(ex.Errors.ContainsKey("minutes"));
    }
}
