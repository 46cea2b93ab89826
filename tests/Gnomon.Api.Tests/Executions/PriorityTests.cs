using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Executions;

/// <summary>A backlog in a one-slot queue runs highest priority first.</summary>
public sealed class PriorityTests
{
    [Fact]
    public async Task Backlog_InOneSlotQueue_StartsInPriorityOrder()
    {
        await using var host = await GnomonTestHost.StartAsync(new Dictionary<string, string?> { ["Worker:Queues"] = "*,serial:1" });
        var client = host.Client;
        var blocker = JobBodies.Sleep(ApiJson.UniqueName("blocker"), 2000);
        blocker["queue"] = "serial";
        await client.CreateJobAsync(blocker);
        var names = new Dictionary<int, string>();
        foreach (var priority in new[] { -5, 50, 10 })
        {
            var job = JobBodies.Handler(ApiJson.UniqueName($"prio{priority}"));
            job["queue"] = "serial";
            job["priority"] = priority;
            names[priority] = (string)(await client.CreateJobAsync(job))["name"]!;
        }

        var blocking = (string)(await client.TriggerAsync((string)blocker["name"]!))["id"]!;
        await client.WaitForExecutionAsync(blocking, e => (string?)e["status"] == "running", "the blocker to occupy the serial slot");
        var ids = new Dictionary<int, string>();
        foreach (var priority in new[] { -5, 50, 10 })
        {
            ids[priority] = (string)(await client.TriggerAsync(names[priority]))["id"]!;
        }

        Assert.Equal("running", (string?)(await client.GetExecutionAsync(blocking))["status"]);
        var done = new Dictionary<int, System.Text.Json.Nodes.JsonObject>();
        foreach (var (priority, id) in ids)
        {
            done[priority] = await client.WaitForExecutionAsync(id, ApiJson.IsFinished, $"the priority {priority} execution to finish");
        }

        Assert.All(done.Values, e => Assert.Equal("succeeded", (string?)e["status"]));
        Assert.All(done.Values, e => Assert.Equal("serial", (string?)e["queue"]));
        var order = done.OrderBy(p => ApiJson.Instant(p.Value["startedAt"])).Select(p => p.Key).ToList();
        Assert.Equal([50, 10, -5], order);
        var blockerEnd = ApiJson.Instant((await client.GetExecutionAsync(blocking))["finishedAt"]);
        Assert.All(done.Values, e => Assert.True(ApiJson.Instant(e["startedAt"]) >= blockerEnd, "the queue has one slot"));
    }
}
