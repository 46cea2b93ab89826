using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 4: a NUL character in a description, payload, cron, shell argument or query gave a 500 (PostgreSQL
/// refuses it in text and jsonb: 22021, 22P05). It is a 400 naming the field (inside <c>payload</c>, the JSON path).
/// </summary>
public sealed class NulCharacterTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("description", "description")]
    [InlineData("cron", "schedule.cron")]
    [InlineData("payloadValue", "payload.note")]
    [InlineData("payloadKey", "payload")]
    [InlineData("nestedPayload", "payload.items[1]")]
    [InlineData("shellArgs", "executor.args[0]")]
    [InlineData("header", "executor.headers.X-Token")]
    public async Task CreateJob_NulInAString_Returns400NamingTheField(string where, string path)
    {
        var name = ApiJson.UniqueName("nul");
        var job = JobBodies.Handler(name);
        switch (where)
        {
            case "description": job["description"] = "a\0b"; break;
            case "cron": job["schedule"] = new JsonObject { ["cron"] = "* * * * *\0" }; break;
            case "payloadValue": job["payload"] = new JsonObject { ["note"] = "\0" }; break;
            case "payloadKey": job["payload"] = new JsonObject { ["a\0b"] = 1 }; break;
            case "nestedPayload": job["payload"] = new JsonObject { ["items"] = new JsonArray("ok", "x\0") }; break;
            case "shellArgs": job["executor"] = new JsonObject { ["type"] = "shell", ["command"] = "/bin/echo", ["args"] = new JsonArray("\0") }; break;
            default: job["executor"] = new JsonObject { ["type"] = "http", ["url"] = "http://127.0.0.1:1/", ["headers"] = new JsonObject { ["X-Token"] = "a\0" } }; break;
        }

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        var errors = await response.ExpectValidationAsync(path);
        Assert.Contains("NUL", (string)errors[path]![0]!, StringComparison.Ordinal);
        await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TriggerAndPatch_NulInTheBody_Return400()
    {
        var name = ApiJson.UniqueName("nul-trigger");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var trigger = await _client.PostAsync($"/api/v1/jobs/{name}/trigger", ApiJson.Json("""{"payload":{"k":"\u0000"}}"""));
        var patch = await _client.PatchAsync($"/api/v1/jobs/{name}", ApiJson.Json("""{"description":"\u0000"}""", "application/merge-patch+json"));

        await trigger.ExpectValidationAsync("payload.k");
        await patch.ExpectValidationAsync("description");
        Assert.Empty(await _client.ListExecutionsAsync(name));
    }

    [Theory]
    [InlineData("/api/v1/jobs?q=%00", "q")]
    [InlineData("/api/v1/jobs?queue=a%00", "queue")]
    [InlineData("/api/v1/executions?queue=%00", "queue")]
    public async Task List_NulInAQueryParameter_Returns400NamingIt(string url, string parameter)
    {
        var response = await _client.GetAsync(url);

        await response.ExpectValidationAsync(parameter);
    }

    [Fact]
    public async Task Get_NulInTheJobIdParameter_Returns404()
    {
        var response = await _client.GetAsync("/api/v1/executions?jobId=%00");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/jobs/a%00b")]
    [InlineData("/api/v1/jobs/%00/executions")]
    public async Task Get_NulInThePath_IsRefusedByTheServerWith400(string url)
    {
        // Kestrel refuses a decoded NUL in a path before any endpoint sees it.
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
