using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary><c>POST /api/v1/jobs/batch</c> over real HTTP: all or nothing, every problem reported at once.</summary>
public sealed class JobsBatchTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private const string BatchPath = "/api/v1/jobs/batch";

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task PostBatch_ValidJobs_Returns201WithEveryJobInRequestOrderAsGetShowsIt()
    {
        var prefix = ApiJson.UniqueName("batch-ok");
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        var jobs = names.Select(n => JobBodies.Handler(n)).ToList();
        jobs[1]["payload"] = new JsonObject { ["b"] = 1, ["a"] = new JsonArray(1, 2) };
        jobs[2]["schedule"] = new JsonObject { ["intervalSeconds"] = 3600 };
        jobs[3]["paused"] = true;

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch(jobs)));

        var body = (await response.ExpectAsync(HttpStatusCode.Created)).AsObject();
        Assert.Equal(["items"], body.Select(p => p.Key));
        var items = body["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(names, items.Select(i => (string?)i["name"]));
        foreach (var item in items)
        {
            var fetched = await (await _client.GetAsync($"/api/v1/jobs/{item["id"]}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(fetched.ToJsonString(), item.ToJsonString());
            Assert.Equal(1, (int)item["version"]!);
        }

        Assert.Null(items[3]["nextFireAt"]);
        Assert.NotNull(items[2]["nextFireAt"]);
        // Ids follow request order, so lists (newest first) show the batch reversed, as for jobs created one by one.
        var listed = await (await _client.GetAsync($"/api/v1/jobs?q={prefix}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Reverse(names), listed["items"]!.AsArray().Select(i => (string?)i!["name"]));
    }

    [Theory]
    [InlineData("return=minimal")]
    [InlineData("respond-async, Return = \"Minimal\"; x=1")]
    public async Task PostBatch_PreferReturnMinimal_Returns201WithNoBodyAndCreatesEveryJob(string prefer)
    {
        var prefix = ApiJson.UniqueName("batch-minimal");
        var names = Enumerable.Range(0, 3).Select(i => $"{prefix}-{i}").ToList();

        using var response = await PostBatchAsync(names, prefer);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["return=minimal"], response.Headers.GetValues("Preference-Applied"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        foreach (var name in names)
        {
            var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(1, (int)job["version"]!);
        }
    }

    [Theory]
    [InlineData("return=representation")]
    [InlineData("minimal")]
    [InlineData("return=minimalist")]
    [InlineData("handling=lenient")]
    public async Task PostBatch_OtherPreference_IsIgnoredAndEveryJobComesBack(string prefer)
    {
        var name = ApiJson.UniqueName("batch-represent");

        using var response = await PostBatchAsync([name], prefer);

        var body = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.Equal([name], body["items"]!.AsArray().Select(i => (string?)i!["name"]));
    }

    [Fact]
    public async Task PostBatch_PreferReturnMinimal_RefusesABadBatchAsWithout()
    {
        var name = ApiJson.UniqueName("batch-minimal-bad");
        await (await PostBatchAsync([name], null)).ExpectAsync(HttpStatusCode.Created);

        using var response = await PostBatchAsync([name], "return=minimal");

        var problem = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.NotNull(problem["errors"]?["jobs[0].name"]);
        Assert.False(response.Headers.Contains("Preference-Applied"));
    }

    [Fact]
    public async Task PostBatch_RunAtJob_IsExecutedByTheScheduler()
    {
        var name = ApiJson.UniqueName("batch-runat");
        var job = JobBodies.Handler(name);
        job["schedule"] = new JsonObject { ["runAt"] = TimeProvider.System.GetUtcNow().AddSeconds(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture) };

        await (await _client.PostAsync(BatchPath, ApiJson.Json(Batch([JobBodies.Handler(ApiJson.UniqueName("batch-other")), job])))).ExpectAsync(HttpStatusCode.Created);

        var executions = await Gnomon.Testing.Eventually.WaitAsync(
            () => _client.ListExecutionsAsync(name),
            list => list.Count == 1 && (string?)list[0]["status"] == "succeeded",
            "the batch-created runAt job to run once");
        Assert.Equal("schedule", (string?)executions[0]["trigger"]);
    }

    [Fact]
    public async Task PostBatch_SeveralInvalidJobs_Returns400KeyedByFullPathForEveryOneAndCreatesNothing()
    {
        var prefix = ApiJson.UniqueName("batch-invalid");
        var jobs = Enumerable.Range(0, 5).Select(i => JobBodies.Handler($"{prefix}-{i}")).ToList();
        jobs[1]["schedule"]!["cron"] = "61 * * * *";
        jobs[3].Remove("executor");
        jobs[3]["priority"] = 1000;
        jobs[4]["name"] = "not a name";

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch(jobs)));

        await response.ExpectValidationAsync("jobs[1].schedule.cron", "jobs[3].executor", "jobs[3].priority", "jobs[4].name");
        await AssertNoneExistAsync(prefix);
    }

    [Fact]
    public async Task PostBatch_ItemsOfTheWrongShape_Returns400ForEveryBadItem()
    {
        var prefix = ApiJson.UniqueName("batch-shape");
        var text = Batch([JobBodies.Handler($"{prefix}-0"), JobBodies.Handler($"{prefix}-1"), JobBodies.Handler($"{prefix}-2")]).ToJsonString();
        var jobs = JsonNode.Parse(text)!["jobs"]!.AsArray();
        jobs[0]!["priority"] = "high";
        jobs[2]!["unknown"] = 1;
        jobs.Add(42);
        jobs.Add(null);

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(new JsonObject { ["jobs"] = jobs.DeepClone() }));

        var errors = await response.ExpectValidationAsync("jobs[0].priority", "jobs[2].unknown", "jobs[3]");
        Assert.Equal("must be an integer", (string?)errors["jobs[0].priority"]![0]);
        await AssertNoneExistAsync(prefix);
    }

    [Fact]
    public async Task PostBatch_NullItem_Returns400OnThatItem()
    {
        var response = await _client.PostAsync(BatchPath, ApiJson.Json($$"""{"jobs":[{{JobBodies.Handler(ApiJson.UniqueName("batch-null")).ToJsonString()}},null]}"""));

        await response.ExpectValidationAsync("jobs[1]");
    }

    [Fact]
    public async Task PostBatch_NameAlreadyTaken_Returns409NamingItAndCreatesNothing()
    {
        var prefix = ApiJson.UniqueName("batch-taken");
        await _client.CreateJobAsync(JobBodies.Handler($"{prefix}-2"));
        var jobs = Enumerable.Range(0, 4).Select(i => JobBodies.Handler($"{prefix}-{i}")).ToList();

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch(jobs)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(["jobs[2].name"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains($"'{prefix}-2'", (string?)problem["detail"], StringComparison.Ordinal);
        foreach (var i in new[] { 0, 1, 3 })
        {
            await (await _client.GetAsync($"/api/v1/jobs/{prefix}-{i}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task PostBatch_NameRepeatedInTheBatch_Returns409NamingEveryOccurrenceAndCreatesNothing()
    {
        var prefix = ApiJson.UniqueName("batch-repeat");
        var jobs = new List<JsonObject> { JobBodies.Handler($"{prefix}-a"), JobBodies.Handler($"{prefix}-b"), JobBodies.Handler($"{prefix}-a") };

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch(jobs)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["jobs[0].name", "jobs[2].name"], errors.Select(e => e.Key));
        Assert.Contains("jobs[2]", (string?)errors["jobs[0].name"]![0], StringComparison.Ordinal);
        await AssertNoneExistAsync(prefix);
    }

    [Theory]
    [InlineData("""{"jobs":[]}""")]
    [InlineData("""{"jobs":null}""")]
    [InlineData("""{}""")]
    public async Task PostBatch_NoJobs_Returns400OnJobs(string body)
    {
        var response = await _client.PostAsync(BatchPath, ApiJson.Json(body));

        await response.ExpectValidationAsync("jobs");
    }

    [Fact]
    public async Task PostBatch_1001Jobs_Returns400OnJobsAndCreatesNothing()
    {
        var prefix = ApiJson.UniqueName("batch-1001");
        var jobs = Enumerable.Range(0, 1001).Select(i => JobBodies.Handler($"{prefix}-{i}")).ToList();

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch(jobs)));

        var errors = await response.ExpectValidationAsync("jobs");
        Assert.Contains("1000", (string?)errors["jobs"]![0], StringComparison.Ordinal);
        await AssertNoneExistAsync(prefix);
    }

    [Fact]
    public async Task PostBatch_1000JobsOverTheSingleJobBodyLimit_CreatesThemAll()
    {
        var prefix = ApiJson.UniqueName("batch-1000");
        var jobs = Enumerable.Range(0, 1000).Select(i => JobBodies.Handler($"{prefix}-{i:D4}")).ToList();
        foreach (var job in jobs)
        {
            job["description"] = new string('d', 1500);
        }

        var text = Batch(jobs).ToJsonString();
        Assert.True(Encoding.UTF8.GetByteCount(text) > 1024 * 1024, "the body is over Api:MaxBodyBytes");

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(text));

        var items = (await response.ExpectAsync(HttpStatusCode.Created))["items"]!.AsArray();
        Assert.Equal(jobs.Select(j => (string?)j["name"]), items.Select(i => (string?)i!["name"]));
        await (await _client.GetAsync($"/api/v1/jobs/{prefix}-0999")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PostBatch_BodyOverTheBatchLimit_Returns413()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("batch-large"));
        job["payload"] = new string('x', 9 * 1024 * 1024);

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(Batch([job])));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("""{"jobs":[{"name":"x",""")]
    [InlineData("""{"jobs":[{"name":"x"},]}""")]
    [InlineData("not json")]
    public async Task PostBatch_MalformedJson_Returns400(string body)
    {
        var response = await _client.PostAsync(BatchPath, ApiJson.Json(body));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task PostBatch_WrongContentType_Returns415()
    {
        var body = Batch([JobBodies.Handler(ApiJson.UniqueName("batch-type"))]).ToJsonString();

        var response = await _client.PostAsync(BatchPath, ApiJson.Json(body, "text/plain"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task JobNamedBatch_GetPutPatchDelete_ReachTheJobNotTheBatchEndpoint()
    {
        var job = JobBodies.Handler("batch");
        job.Remove("name");

        var put = await _client.PutAsync(BatchPath, ApiJson.Json(job));
        var created = await put.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("batch", (string?)created["name"]);

        var get = await (await _client.GetAsync(BatchPath)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((string?)created["id"], (string?)get["id"]);

        var patched = await (await _client.SendAsync(HttpMethod.Patch, BatchPath, new JsonObject { ["priority"] = 5 })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, (int)patched["priority"]!);

        await (await _client.PostAsync($"{BatchPath}/pause", null)).ExpectAsync(HttpStatusCode.OK);
        await (await _client.DeleteAsync(BatchPath)).ExpectAsync(HttpStatusCode.NoContent);
        await (await _client.GetAsync(BatchPath)).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> PostBatchAsync(IEnumerable<string> names, string? prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchPath) { Content = ApiJson.Json(Batch(names.Select(n => JobBodies.Handler(n)))) };
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        return await _client.SendAsync(request);
    }

    private static JsonObject Batch(IEnumerable<JsonObject> jobs) => new() { ["jobs"] = new JsonArray([.. jobs.Select(j => j.DeepClone())]) };

    private async Task AssertNoneExistAsync(string prefix)
    {
        var listed = await (await _client.GetAsync($"/api/v1/jobs?q={prefix}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(listed["items"]!.AsArray());
    }
}
