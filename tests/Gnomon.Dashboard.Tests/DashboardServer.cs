using Microsoft.Playwright;

namespace Gnomon.Dashboard.Tests;

/// <summary>A node that requires a key, a client with that key, and Debian's Chromium driven by Playwright: one per test class.</summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string Key = "dashboard-test-key-0123456789abcdef";
    private const string Chromium = "/usr/bin/chromium";

    private GnomonTestHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public GnomonTestHost Host => _host ?? throw new InvalidOperationException("not started");

    public Client.GnomonClient Client { get; private set; } = default!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    public string Url(string path) => new Uri(Host.BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        // A missing browser fails the tests (scripts/ensure-prerequisites.sh --browser installs it); it never skips them.
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/ensure-prerequisites.sh --browser");
        _host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:AllowAnonymous"] = "false",
            ["Security:ApiKeys:0"] = Key,
            ["Executors:Shell:Enabled"] = "true",
        });
        var http = new HttpClient { BaseAddress = _host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        Client = new Client.GnomonClient(http);
        _playwright = await Playwright.CreateAsync();
        // Root (as in CI) cannot use Chromium's sandbox.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A new browser context (its own cookies), signed in with <see cref="Key"/>.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "Europe/Berlin", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/dashboard/sign-in"));
        await page.GetByLabel("API key").FillAsync(Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(Url("/dashboard"));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
