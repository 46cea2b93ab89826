using System.Net;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary>Deleting a job cancels what has not run yet and keeps the history.</summary>
public sealed class JobDeletionTests
{
    [Fact]
    public async Task DeleteJob_WithPendingExecutions_CancelsThemAndKeepsHistory()
    {
        // The worker serves only "default", so executions of queue "parked" stay pending.
        await using var host = await GnomonTestHost.StartAsync(new Dictionary<string, string?> { ["Worker:Queues"] = "default" });
        var name = ApiJson.UniqueName("doomed");
        var body = JobBodies.Handler(name);
        body["queue"] = "parked";
        var job = await host.Client.CreateJobAsync(body);
        var id = (string)job["id"]!;
        var first = await host.Client.TriggerAsync(name);
        var second = await host.Client.TriggerAsync(name);
        Assert.Equal("pending", (string?)first["status"]);
        Assert.Equal("pending", (string?)second["status"]);

        var response = await host.Client.DeleteAsync($"/api/v1/jobs/{name}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var history = await (await host.Client.GetAsync($"/api/v1/executions?jobId={id}")).ExpectAsync(HttpStatusCode.OK);
        var items = history["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal([(string)second["id"]!, (string)first["id"]!], items.Select(i => (string)i["id"]!));
        Assert.All(items, i => Assert.Equal("cancelled", (string?)i["status"]));
        Assert.All(items, i => Assert.Equal(name, (string?)i["jobName"]));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty((string?)i["reason"])));
        var one = await host.Client.GetExecutionAsync((string)first["id"]!);
        Assert.Equal("cancelled", (string?)one["status"]);
    }
}
