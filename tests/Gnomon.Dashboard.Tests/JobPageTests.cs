using Gnomon.Client.Executions;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;
using Gnomon.Testing;
using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>A job's page: it fires and shows up live, and pause, resume, trigger and delete are API calls that take effect.</summary>
public sealed class JobPageTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private readonly string _name = "dash-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task JobPage_EverySecondJob_ShowsNewExecutionsWithoutAReload()
    {
        await server.Client.CreateJobAsync(new JobDefinition { Name = _name, Schedule = Schedule.FromCron("* * * * * *"), Executor = new HandlerExecutor { Handler = "noop" } });
        var page = await server.SignedInPageAsync();

        await page.GotoAsync(server.Url("/dashboard/jobs"));
        await page.GetByRole(AriaRole.Link, new() { Name = _name, Exact = true }).ClickAsync();
        var slots = page.Locator("ol.strip li.slot.succeeded");
        await Assertions.Expect(slots.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var before = await slots.CountAsync();

        // The page polls itself: more succeeded slots appear while it stays loaded.
        await Assertions.Expect(slots).Not.ToHaveCountAsync(before, new() { Timeout = 15_000 });
        Assert.Equal(server.Url("/dashboard/jobs/" + _name), page.Url);
    }

    [Fact]
    public async Task Buttons_PauseResumeTrigger_ChangeTheJobThroughTheApi()
    {
        await server.Client.CreateJobAsync(new JobDefinition { Name = _name, Schedule = Schedule.FromCron("0 0 0 1 1 *"), Executor = new HandlerExecutor { Handler = "noop" } });
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/jobs/" + _name));

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("paused");
        var paused = (await server.Client.GetJobAsync(_name)).Paused;
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-state")).ToHaveTextAsync("active");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/executions/"));

        Assert.True(paused);
        Assert.False((await server.Client.GetJobAsync(_name)).Paused);
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        Assert.Equal(ExecutionTrigger.Manual, (await server.Client.GetExecutionAsync(id)).Trigger);
        // The execution page follows it to its end.
        await Assertions.Expect(page.Locator("#status .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Delete_AfterConfirming_DeletesTheJob()
    {
        await server.Client.CreateJobAsync(new JobDefinition { Name = _name, Schedule = Schedule.FromCron("0 0 0 1 1 *"), Executor = new HandlerExecutor { Handler = "noop" } });
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/jobs/" + _name));

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        var stillThere = await server.Client.FindJobAsync(_name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync(server.Url("/dashboard/jobs"));

        Assert.NotNull(stillThere);
        Assert.Null(await server.Client.FindJobAsync(_name));
    }

    [Fact]
    public async Task Cancel_RunningExecution_StopsIt()
    {
        await server.Client.CreateJobAsync(new JobDefinition { Name = _name, Schedule = Schedule.FromCron("0 0 0 1 1 *"), Executor = new ShellExecutor { Command = "/bin/sleep", Args = ["30"] } });
        var execution = await server.Client.TriggerJobAsync(_name);
        await Eventually.WaitAsync(async () => (await server.Client.GetExecutionAsync(execution.Id)).Status == ExecutionStatus.Running, "the execution to run");
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/executions/" + execution.Id));

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status .badge")).ToHaveTextAsync("cancelled", new() { Timeout = 15_000 });
        Assert.Equal(ExecutionStatus.Cancelled, (await server.Client.GetExecutionAsync(execution.Id)).Status);
    }
}
