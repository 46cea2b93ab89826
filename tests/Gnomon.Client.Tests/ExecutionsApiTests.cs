using System.Net;
using Gnomon.Client.Executions;
using Gnomon.Client.Jobs;
using Gnomon.Testing;

namespace Gnomon.Client.Tests;

public sealed class ExecutionsApiTests(ClientServer server) : IClassFixture<ClientServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly GnomonClient _client = server.Client;

    [Fact]
    public async Task TriggerJobAsync_Noop_SucceedsAndIsListedByJobAndStatus()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-trigger"));

        var triggered = await _client.TriggerJobAsync(job.Name);
        var finished = await Eventually.WaitAsync(() => _client.GetExecutionAsync(triggered.Id), e => e.IsFinished, "the execution", Deadline);
        var listed = await _client.ListExecutionsAsync(new ExecutionFilter { Job = job.Name, Statuses = [ExecutionStatus.Succeeded] }).ToListAsync();

        Assert.Equal(ExecutionTrigger.Manual, triggered.Trigger);
        Assert.Equal(ExecutionStatus.Succeeded, finished.Status);
        Assert.Single(finished.Attempts);
        Assert.Equal(triggered.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task CancelExecutionAsync_Running_StopsItAndAFinishedOneIsAConflict()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-cancel") with
        {
            Executor = new ShellExecutor { Command = "/bin/sleep", Args = ["30"] },
        });
        var triggered = await _client.TriggerJobAsync(job.Name);
        await Eventually.WaitAsync(() => _client.GetExecutionAsync(triggered.Id), e => e.Status == ExecutionStatus.Running, "the execution", Deadline);

        await _client.CancelExecutionAsync(triggered.Id);
        var cancelled = await Eventually.WaitAsync(() => _client.GetExecutionAsync(triggered.Id), e => e.IsFinished, "the execution", Deadline);
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.CancelExecutionAsync(triggered.Id));

        Assert.Equal(ExecutionStatus.Cancelled, cancelled.Status);
        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
    }

    [Fact]
    public async Task GetExecutionAsync_UnknownId_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.GetExecutionAsync(Guid.CreateVersion7()));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task GetExecutionsPageAsync_LimitOutOfRange_ThrowsNamingTheParameter()
    {
        var ex = await Assert.ThrowsAsync<GnomonApiException>(() => _client.GetExecutionsPageAsync(limit: 501));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("limit", ex.Errors.Keys);
    }

    [Fact]
    public async Task WatchExecutionsAsync_TwoTriggers_SeesEachAsItFinishes()
    {
        var job = await _client.CreateJobAsync(Jobs.Noop("client-watch"));
        using var stop = new CancellationTokenSource(Deadline);
        var first = await _client.TriggerJobAsync(job.Name, cancellationToken: stop.Token);
        var second = await _client.TriggerJobAsync(job.Name, cancellationToken: stop.Token);

        var succeeded = new HashSet<Guid>();
        await foreach (var execution in _client.WatchExecutionsAsync(new ExecutionFilter { Job = job.Name }, TimeSpan.FromMilliseconds(200), stop.Token))
        {
            if (execution.Status == ExecutionStatus.Succeeded && succeeded.Add(execution.Id) && succeeded.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([first.Id, second.Id], succeeded.Order());
    }

    [Fact]
    public async Task GetNodesAndHealthAsync_OneNodeWithEveryRole_IsAliveAndReady()
    {
        var nodes = await _client.GetNodesAsync();
        var health = await _client.GetHealthAsync();

        var node = Assert.Single(nodes, n => n.Status == "alive");
        Assert.Contains("scheduler", node.Roles);
        Assert.Contains("worker", node.Roles);
        Assert.True(health.IsReady);
        Assert.Equal("healthy", health.Status);
        Assert.NotEmpty(health.Checks);
    }
}
