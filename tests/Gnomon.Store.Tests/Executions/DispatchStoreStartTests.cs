using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;
using Gnomon.Store.Executions;
using Gnomon.Store.Jobs;
using Gnomon.Store.Notifications;
using Gnomon.Testing;
using Npgsql;

namespace Gnomon.Store.Tests.Executions;

public sealed class DispatchStoreStartTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task StartAsync_ForbidWithRunningSibling_SkipsWithReason()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("forbid") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        var first = await ClaimAndStartAsync(connectionString, dispatch, job, Guid.CreateVersion7());
        var worker = Guid.CreateVersion7();
        var second = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await dispatch.ClaimAsync(worker, QueueSelector.Named("default"), 10, TimeSpan.Zero, Lease, CancellationToken.None);

        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));

        Assert.Equal(second, started.Id);
        Assert.False(started.Started);
        var skipped = (await node.Get<ExecutionStore>().GetAsync(second, CancellationToken.None))!;
        Assert.Equal(ExecutionStatus.Skipped, skipped.Status);
        Assert.Contains("forbid", skipped.Reason, StringComparison.Ordinal);
        Assert.NotNull(skipped.FinishedAt);
        Assert.Null(skipped.WorkerId);
        Assert.Equal(0, skipped.Attempt);
        Assert.Empty(skipped.Attempts);
        Assert.Equal(ExecutionStatus.Running, (await node.Get<ExecutionStore>().GetAsync(first, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task StartAsync_ForbidWithoutRunningSibling_Starts()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("forbid-alone") with { ConcurrencyPolicy = ConcurrencyPolicy.Forbid });
        var worker = Guid.CreateVersion7();
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await dispatch.ClaimAsync(worker, QueueSelector.Named("default"), 10, TimeSpan.Zero, Lease, CancellationToken.None);

        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));

        Assert.Equal(new StartedExecution(id, true, 1), started);
    }

    [Fact]
    public async Task StartAsync_ReplaceWithRunningSibling_RequestsCancelAndNotifies()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var node = TestNode.Create(connectionString);
        var dispatch = node.Get<DispatchStore>();
        var job = await TestJobs.CreateAsync(node.Get<JobStore>(), TestJobs.Definition("replace") with { ConcurrencyPolicy = ConcurrencyPolicy.Replace });
        var oldWorker = Guid.CreateVersion7();
        var first = await ClaimAndStartAsync(connectionString, dispatch, job, oldWorker);

        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        var cancels = new List<string>();
        listener.Notification += (_, e) =>
        {
            if (e.Channel == Channels.Cancel)
            {
                cancels.Add(e.Payload);
            }
        };
        await using (var listen = new NpgsqlCommand("listen " + Channels.Cancel, listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var second = await ClaimAndStartAsync(connectionString, dispatch, job, Guid.CreateVersion7());

        await Eventually.WaitAsync(async () =>
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
            return cancels.Count > 0;
        }, "a notification on " + Channels.Cancel, TimeSpan.FromSeconds(10));
        Assert.Equal(first.ToString(), Assert.Single(cancels));
        var executions = node.Get<ExecutionStore>();
        var replaced = (await executions.GetAsync(first, CancellationToken.None))!;
        Assert.True(replaced.CancelRequested);
        Assert.Equal(ExecutionStatus.Running, replaced.Status);
        Assert.Contains("replace", replaced.Reason, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Running, (await executions.GetAsync(second, CancellationToken.None))!.Status);
        // The heartbeat is the fallback for a worker that missed the notification.
        var renewal = Assert.Single(await dispatch.RenewLeasesAsync(oldWorker, Lease, CancellationToken.None));
        Assert.Equal(new LeaseRenewal(first, true), renewal);
    }

    private static async Task<Guid> ClaimAndStartAsync(string connectionString, DispatchStore dispatch, Job job, Guid worker)
    {
        var id = await TestJobs.InsertPendingAsync(connectionString, job, TimeSpan.Zero);
        var claimed = await dispatch.ClaimAsync(worker, QueueSelector.Named(job.Definition.Queue), 10, TimeSpan.Zero, Lease, CancellationToken.None);
        Assert.Equal(id, Assert.Single(claimed).Id);
        var started = Assert.Single(await dispatch.StartAsync(worker, claimed, Lease, CancellationToken.None));
        Assert.True(started.Started);
        return id;
    }
}
