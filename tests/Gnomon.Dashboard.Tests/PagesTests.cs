using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>The overview, the lists and the nodes page render, with local times; and the README's screenshot.</summary>
public sealed class PagesTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Theory]
    [InlineData("/dashboard", "Overview")]
    [InlineData("/dashboard/jobs", "Jobs")]
    [InlineData("/dashboard/executions", "Executions")]
    [InlineData("/dashboard/nodes", "Nodes")]
    public async Task Page_SignedIn_RendersItsHeadingAndItsNavigation(string path, string heading)
    {
        var page = await server.SignedInPageAsync();

        var response = await page.GotoAsync(server.Url(path));

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" }).GetByRole(AriaRole.Link, new() { Name = heading })).ToHaveAttributeAsync("aria-current", "page");
    }

    [Fact]
    public async Task Nodes_ThisNode_IsAliveWithItsHeartbeatInTheBrowsersZone()
    {
        var page = await server.SignedInPageAsync();

        await page.GotoAsync(server.Url("/dashboard/nodes"));

        await Assertions.Expect(page.Locator("td .badge").First).ToHaveTextAsync("alive");
        // The context runs in Europe/Berlin: the script turns UTC into +01:00 or +02:00.
        await Assertions.Expect(page.Locator("td time").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\+0[12]:00$"));
        // The only master holds every partition, written as a range.
        await Assertions.Expect(page.Locator("#nodes")).ToContainTextAsync("master: 64 partitions (0–63)", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Overview_JobFiringEverySecond_ShowsItsAttemptsAndLagInTheChartsLive()
    {
        await server.Client.PutJobAsync("overview-ticks", new Client.Jobs.JobDefinition { Name = "overview-ticks", Schedule = Client.Schedules.Schedule.FromCron("* * * * * *"), Executor = new Client.Jobs.HandlerExecutor { Handler = "noop" } });
        var page = await server.SignedInPageAsync();

        await page.GotoAsync(server.Url("/dashboard"));
        var outcomes = page.Locator("svg[data-chart=outcomes]");
        var first = SucceededIn(await outcomes.GetAttributeAsync("aria-label"));

        // The page is not reloaded: the live region's poll brings the counts once a node has written them (every 5 s).
        await page.WaitForFunctionAsync(
            "n => +(/: (\\d+) succeeded/.exec(document.querySelector('svg[data-chart=outcomes]').getAttribute('aria-label')) || [0, -1])[1] > n",
            first,
            new() { Timeout = 25_000 });
        await Assertions.Expect(outcomes.Locator("rect.succeeded").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("svg[data-chart=lag]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("p99 at most"));
        await Assertions.Expect(page.Locator("svg[data-chart=lag] path.line.p99")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        await Assertions.Expect(page.Locator("[data-figure=backlog]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d,]*\+?$"));
        await server.Client.PauseJobAsync("overview-ticks");
    }

    [Fact]
    public async Task Screenshot_Overview_IsTakenForTheReadme()
    {
        await server.Client.PutJobAsync("nightly-report", new Client.Jobs.JobDefinition { Name = "nightly-report", Schedule = Client.Schedules.Schedule.FromCron("* * * * * *"), Executor = new Client.Jobs.HandlerExecutor { Handler = "noop" } });
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/jobs/nightly-report"));
        await Assertions.Expect(page.Locator("ol.strip li.slot.succeeded").Nth(4)).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // Written into docs/ only when asked (GNOMON_UPDATE_SCREENSHOTS=1), so a test run leaves the tree as it was.
        var target = Environment.GetEnvironmentVariable("GNOMON_UPDATE_SCREENSHOTS") == "1" ? DocsPath() : Path.Combine(Path.GetTempPath(), "gnomon-dashboard.png");
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = target, FullPage = false });

        Assert.True(bytes.Length > 10_000, "the screenshot has content");
    }

    private static long SucceededIn(string? label) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(label ?? "", @": (\d+) succeeded").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static string DocsPath()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Gnomon.slnx")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("no Gnomon.slnx above the tests"), "docs", "dashboard.png");
    }
}
