using System.Net;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 7: duplicate JSON members were accepted, the last one winning, so <c>"type":"shell"</c> then
/// <c>"type":"handler"</c> in one executor slipped past anything that checked the first. Each is now a 400 naming its path.
/// </summary>
public sealed class DuplicateKeyTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("""{"name":"dup-a","name":"dup-b","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"handler","handler":"noop"}}""", "name")]
    [InlineData("""{"name":"dup-type","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"shell","type":"handler","handler":"noop"}}""", "executor.type")]
    [InlineData("""{"name":"dup-payload","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"handler","handler":"noop"},"payload":{"a":{"x":1,"x":2}}}""", "payload.a.x")]
    [InlineData("""{"name":"dup-header","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"http","url":"http://127.0.0.1:1/","headers":{"X-A":"1","X-A":"2"}}}""", "executor.headers.X-A")]
    public async Task CreateJob_MemberGivenTwice_Returns400NamingItsPath(string body, string path)
    {
        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(body));

        var errors = await response.ExpectValidationAsync(path);
        Assert.Contains("more than once", (string)errors[path]![0]!, StringComparison.Ordinal);
        foreach (var name in (string[])["dup-a", "dup-b", "dup-type", "dup-payload", "dup-header"])
        {
            await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task CreateJobs_MemberGivenTwiceInOneJob_Returns400NamingTheJob()
    {
        var body = """{"jobs":[{"name":"dup-batch-ok","schedule":{"cron":"0 0 0 1 1 *"},"executor":{"type":"handler","handler":"noop"}},""" +
            """{"name":"dup-batch","schedule":{"cron":"0 0 0 1 1 *","cron":"* * * * * *"},"executor":{"type":"handler","handler":"noop"}}]}""";

        var response = await _client.PostAsync("/api/v1/jobs/batch", ApiJson.Json(body));

        await response.ExpectValidationAsync("jobs[1].schedule.cron");
        await (await _client.GetAsync("/api/v1/jobs/dup-batch-ok")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PatchJob_MemberGivenTwice_Returns400AndChangesNothing()
    {
        var name = ApiJson.UniqueName("dup-patch");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await _client.PatchAsync($"/api/v1/jobs/{name}", ApiJson.Json("""{"priority":1,"priority":2}""", "application/merge-patch+json"));

        await response.ExpectValidationAsync("priority");
        Assert.Equal(0, (int)(await (await _client.GetAsync($"/api/v1/jobs/{name}")).ReadJsonAsync())["priority"]!);
    }
}
