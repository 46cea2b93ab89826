using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Hardening;

/// <summary>
/// Issue 9, defect 6: <c>If-Match: W/"0"</c> got 400. A weak tag never matches for <c>If-Match</c> (RFC 9110 13.1.1), so a
/// syntactically valid tag that does not match is a 412; only a header that is not a list of tags at all is a 400.
/// </summary>
public sealed class WeakIfMatchTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("W/\"0\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"not-a-version\"")]
    [InlineData("\"7\", W/\"1\"")]
    public async Task Patch_IfMatchThatCannotMatch_Returns412AndChangesNothing(string ifMatch)
    {
        var name = ApiJson.UniqueName("weak-patch");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await PatchAsync(name, ifMatch, new JsonObject { ["priority"] = 5 });

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)job["priority"]!);
        Assert.Equal(1, (int)job["version"]!);
    }

    [Fact]
    public async Task PutAndDelete_WeakTagOfTheCurrentVersion_Return412()
    {
        var name = ApiJson.UniqueName("weak-put");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var put = await _client.SendAsync(HttpMethod.Put, $"/api/v1/jobs/{name}", JobBodies.Handler(name), r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));
        var delete = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/jobs/{name}", configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));

        await put.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await delete.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patch_ListHoldingTheCurrentTag_IsApplied()
    {
        var name = ApiJson.UniqueName("list-patch");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await PatchAsync(name, "\"9\", W/\"1\", \"1\"", new JsonObject { ["priority"] = 5 });

        var job = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, (int)job["priority"]!);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("3")]
    [InlineData("\"1\" garbage")]
    [InlineData("*, \"1\"")]
    public async Task Patch_IfMatchThatIsNotAListOfTags_Returns400NamingTheHeader(string ifMatch)
    {
        var name = ApiJson.UniqueName("bad-ifmatch");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await PatchAsync(name, ifMatch, new JsonObject { ["priority"] = 5 });

        await response.ExpectValidationAsync("If-Match");
    }

    private Task<HttpResponseMessage> PatchAsync(string name, string ifMatch, JsonObject patch) =>
        _client.SendAsync(HttpMethod.Patch, $"/api/v1/jobs/{name}", patch, r => r.Headers.TryAddWithoutValidation("If-Match", ifMatch));
}
