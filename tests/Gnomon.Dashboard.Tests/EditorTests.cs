using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>The job editor: the schedule previewed as it is typed, refusals beside their field, and a job created and edited.</summary>
public sealed class EditorTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private readonly string _name = "edit-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task NewJob_InvalidCron_IsRefusedBesideTheFieldAsTypedAndOnSave()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/new-job"));

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(_name);
        await page.GetByLabel("Cron (6 fields: seconds first; or 5)").FillAsync("61 * * * * *");
        await Assertions.Expect(page.Locator("#error-Cron")).ToContainTextAsync("Seconds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Assertions.Expect(page.Locator("#error-Cron")).ToContainTextAsync("Seconds");
        await Assertions.Expect(page.Locator("#Cron")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await server.Client.FindJobAsync(_name));
    }

    [Fact]
    public async Task NewJob_ValidSchedule_PreviewsItsFiresThenCreatesAJobThatFires()
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/new-job"));

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(_name);
        await page.GetByLabel("Cron (6 fields: seconds first; or 5)").FillAsync("*/2 * * * * *");
        await Assertions.Expect(page.Locator("#preview li time")).ToHaveCountAsync(5);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync(server.Url("/dashboard/jobs/" + _name));

        var job = await server.Client.GetJobAsync(_name);
        Assert.Equal("*/2 * * * * *", job.Schedule.Cron);
        Assert.IsType<Client.Jobs.HandlerExecutor>(job.Executor);
        await Assertions.Expect(page.Locator("ol.strip li.slot.succeeded").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task EditJob_ChangedDescription_IsSavedWithTheRestKept()
    {
        await server.Client.CreateJobAsync(new Client.Jobs.JobDefinition
        {
            Name = _name,
            Schedule = Client.Schedules.Schedule.FromCron("0 0 * * * *", "Europe/Berlin"),
            Executor = new Client.Jobs.HandlerExecutor { Handler = "noop" },
            Priority = 9,
            Labels = new Dictionary<string, string> { ["team"] = "ops" },
        });
        var page = await server.SignedInPageAsync();
        await page.GotoAsync(server.Url("/dashboard/jobs/" + _name));

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Description").FillAsync("edited in the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(server.Url("/dashboard/jobs/" + _name));

        var job = await server.Client.GetJobAsync(_name);
        Assert.Equal("edited in the browser", job.Description);
        Assert.Equal((9, "Europe/Berlin", "ops"), (job.Priority, job.Schedule.TimeZone, job.Labels["team"]));
        Assert.Equal(2, job.Version);
    }
}
