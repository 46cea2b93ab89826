using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gnomon.Api.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Api.Tests.Platform;

/// <summary>Health, OpenAPI, docs, metrics and nodes.</summary>
public sealed partial class PlatformTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    /// <summary>Every path of API.md, in OpenAPI template form.</summary>
    public static readonly TheoryData<string, string> ContractOperations = new()
    {
        { "/api/v1/jobs", "post" },
        { "/api/v1/jobs/batch", "post" },
        { "/api/v1/jobs", "get" },
        { "/api/v1/jobs/{job}", "put" },
        { "/api/v1/jobs/{job}", "get" },
        { "/api/v1/jobs/{job}", "patch" },
        { "/api/v1/jobs/{job}", "delete" },
        { "/api/v1/jobs/{job}/pause", "post" },
        { "/api/v1/jobs/{job}/resume", "post" },
        { "/api/v1/jobs/{job}/trigger", "post" },
        { "/api/v1/jobs/{job}/next-fires", "get" },
        { "/api/v1/schedules/preview", "post" },
        { "/api/v1/executions", "get" },
        { "/api/v1/jobs/{job}/executions", "get" },
        { "/api/v1/executions/{id}", "get" },
        { "/api/v1/executions/{id}/cancel", "post" },
        { "/api/v1/nodes", "get" },
    };

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task HealthLive_Serving_Returns200()
    {
        var response = await _client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_DatabaseUp_Returns200WithDatabaseCheck()
    {
        var response = await _client.GetAsync("/health/ready");

        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal("healthy", (string?)body["checks"]!["database"]!["status"]);
    }

    [Theory]
    [MemberData(nameof(ContractOperations))]
    public async Task OpenApiDocument_Served_DescribesEveryContractOperation(string path, string method)
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item), $"the document has {path}; it has {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(method, out _), $"{path} has {method}");
    }

    [Fact]
    public async Task Docs_Served_IsHtmlWhoseScriptsLoadFromThisServer()
    {
        var response = await _client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.False(Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Host != fixture.Host.BaseAddress.Host, $"script {s} comes from another host"));
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        foreach (var script in scripts)
        {
            var asset = await _client.GetAsync(new Uri(new Uri(fixture.Host.BaseAddress, "/docs/"), script));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{script}: {(int)asset.StatusCode}");
            Assert.NotEmpty(await asset.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("\"agent\":{\"disabled\":true}")]
    [InlineData("\"mcp\":{\"disabled\":true}")]
    [InlineData("\"showDeveloperTools\":\"never\"")]
    [InlineData("\"telemetry\":false")]
    [InlineData("\"withDefaultFonts\":false")]
    public async Task Docs_Served_TurnsOffTheReferenceToolsHostedServices(string setting)
    {
        // Its AI chat, MCP link, deploy toolbar, telemetry and web fonts all reach the tool's own servers.
        var html = await _client.GetStringAsync("/docs/v1");

        Assert.Contains(setting, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Served_IsPrometheusText()
    {
        var response = await _client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches(new Regex(@"^# HELP \w+ ", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^# TYPE \w+ (counter|gauge|histogram|summary|untyped)$", RegexOptions.Multiline), text);
        Assert.Contains("gnomon_", text, StringComparison.Ordinal);
        // The exporter prefixes the meter name; instruments must not repeat it.
        Assert.DoesNotContain("gnomon_worker_gnomon_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListNodes_OneNode_ListsItAliveWithRolesAndWorkerFigures()
    {
        var node = await Eventually.WaitAsync(
            async () => (await (await _client.GetAsync("/api/v1/nodes")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray(),
            items => items.Count == 1,
            "this node to be registered");

        var self = node[0]!.AsObject();
        Assert.Equal("alive", (string?)self["status"]);
        var roles = self["roles"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Contains("api", roles);
        Assert.Contains("scheduler", roles);
        Assert.Contains("worker", roles);
        Assert.Equal(Environment.ProcessId, (int)self["pid"]!);
        Assert.False(string.IsNullOrEmpty((string?)self["host"]));
        Assert.False(string.IsNullOrEmpty((string?)self["version"]));
        Assert.NotNull(self["startedAt"]);
        Assert.NotNull(self["lastHeartbeatAt"]);
        Assert.Equal(["*"], self["queues"]!.AsArray().Select(q => (string)q!));
        Assert.True((int)self["concurrency"]! > 0);
        Assert.True((int)self["running"]! >= 0);
        Assert.NotNull(self["partitions"]);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSources();
}
