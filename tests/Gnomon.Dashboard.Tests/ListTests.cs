using Gnomon.Client.Executions;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;
using Gnomon.Testing;
using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>The lists' filters and pages, which the API does server-side.</summary>
public sealed class ListTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private readonly string _prefix = "list-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Jobs_FilterAndPages_ShowEveryMatchingJobOnceAcrossPages()
    {
        await server.Client.CreateJobsAsync(Enumerable.Range(0, 55).Select(i => new JobDefinition
        {
            Name = $"{_prefix}-{i:D2}",
            Schedule = Schedule.FromCron("0 0 0 1 1 *"),
            Executor = new HandlerExecutor { Handler = "noop" },
            Paused = i == 0,
        }));
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/jobs"));

        await page.GetByLabel("Name contains").FillAsync(_prefix);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var first = await NamesAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        var second = await NamesAsync(page);
        await page.GotoAsync(server.Url($"/dashboard/jobs?q={_prefix}&paused=true"));
        var paused = await NamesAsync(page);

        Assert.Equal(50, first.Count);
        Assert.Equal(5, second.Count);
        Assert.Equal(Enumerable.Range(0, 55).Select(i => $"{_prefix}-{i:D2}").Order(), first.Concat(second).Order());
        Assert.Equal([$"{_prefix}-00"], paused);
        // The filter shows what it filters on.
        Assert.Equal("true", await page.Locator("select[name=paused]").InputValueAsync());
    }

    [Fact]
    public async Task Executions_StatusFilter_ShowsOnlyThatStatus()
    {
        await server.Client.CreateJobAsync(new JobDefinition { Name = _prefix, Schedule = Schedule.FromCron("0 0 0 1 1 *"), Executor = new ShellExecutor { Command = "/bin/false" } });
        var failed = await server.Client.TriggerJobAsync(_prefix);
        await Eventually.WaitAsync(async () => (await server.Client.GetExecutionAsync(failed.Id)).IsFinished, "the execution to fail");
        var page = await server.SignedInPageAsync();

        await page.GotoAsync(server.Url($"/dashboard/executions?job={_prefix}"));
        await page.Locator("select[name=status]").SelectOptionAsync("succeeded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var none = await page.Locator("#executions tbody tr").CountAsync();
        await page.Locator("select[name=status]").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        Assert.Equal(0, none);
        await Assertions.Expect(page.Locator("#executions tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#executions tbody .badge")).ToHaveTextAsync(nameof(ExecutionStatus.Failed).ToLowerInvariant());
    }

    private static async Task<List<string>> NamesAsync(IPage page) =>
        [.. await page.Locator("#jobs tbody tr td:first-child a").AllInnerTextsAsync()];
}
