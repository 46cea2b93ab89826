using System.Net;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary>Labels on jobs: stored, shown, patched, and what lists filter on.</summary>
public sealed class JobLabelsTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task PostJob_WithLabels_ShowsThemAndAJobWithoutShowsAnEmptyObject()
    {
        var labelled = JobBodies.Handler(ApiJson.UniqueName("labels"));
        labelled["labels"] = new JsonObject { ["team"] = "billing", ["gnomon/managed-by"] = "ctl-apply" };

        var job = await (await _client.PostAsync("/api/v1/jobs", ApiJson.Json(labelled))).ExpectAsync(HttpStatusCode.Created);
        var plain = await (await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(ApiJson.UniqueName("labels"))))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("billing", (string?)job["labels"]!["team"]);
        Assert.Equal("ctl-apply", (string?)job["labels"]!["gnomon/managed-by"]);
        Assert.Empty(plain["labels"]!.AsObject());
    }

    [Fact]
    public async Task ListJobs_LabelFilters_ReturnOnlyJobsWithEveryLabel()
    {
        var team = ApiJson.UniqueName("team");
        var both = await CreateAsync(new JsonObject { ["team"] = team, ["tier"] = "gold" });
        var one = await CreateAsync(new JsonObject { ["team"] = team });
        await CreateAsync(new JsonObject { ["team"] = "other" });

        var byTeam = await ListNamesAsync($"/api/v1/jobs?label=team={team}");
        var byBoth = await ListNamesAsync($"/api/v1/jobs?label=team={team}&label=tier=gold");

        Assert.Equal(new[] { both, one }.Order(), byTeam.Order());
        Assert.Equal([both], byBoth);
    }

    [Fact]
    public async Task PatchJob_NullLabel_RemovesItAndKeepsTheOthers()
    {
        var name = await CreateAsync(new JsonObject { ["a"] = "1", ["b"] = "2" });

        var patch = new JsonObject { ["labels"] = new JsonObject { ["a"] = null, ["c"] = "3" } };
        var job = await (await _client.SendAsync(HttpMethod.Patch, $"/api/v1/jobs/{name}", patch)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["b", "c"], job["labels"]!.AsObject().Select(l => l.Key).Order());
    }

    [Theory]
    [InlineData("""{"/bad":"x"}""", "labels")]
    [InlineData("""{"ok":"line\nbreak"}""", "labels.ok")]
    [InlineData("""{"ok":1}""", "labels.ok")]
    public async Task PostJob_BadLabel_Returns400NamingIt(string labels, string field)
    {
        var body = JobBodies.Handler(ApiJson.UniqueName("labels"));
        body["labels"] = JsonNode.Parse(labels);

        var problem = await (await _client.PostAsync("/api/v1/jobs", ApiJson.Json(body))).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("label=novalue")]
    [InlineData("label=/x=1")]
    [InlineData("label=a=1&label=a=2")]
    public async Task ListJobs_BadLabelParameter_Returns400NamingIt(string query)
    {
        var problem = await (await _client.GetAsync($"/api/v1/jobs?{query}")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["label"]);
    }

    private async Task<string> CreateAsync(JsonObject labels)
    {
        var body = JobBodies.Handler(ApiJson.UniqueName("labels"));
        body["labels"] = labels;
        var job = await (await _client.PostAsync("/api/v1/jobs", ApiJson.Json(body))).ExpectAsync(HttpStatusCode.Created);
        return (string)job["name"]!;
    }

    private async Task<List<string>> ListNamesAsync(string path)
    {
        var page = await (await _client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(j => (string)j!["name"]!)];
    }
}
