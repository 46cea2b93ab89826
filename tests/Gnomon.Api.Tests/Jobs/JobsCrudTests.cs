using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Jobs;

/// <summary>Create, read, list, replace, patch and delete jobs over real HTTP.</summary>
public sealed partial class JobsCrudTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private static readonly string[] JobKeys =
    [
        "id", "name", "description", "schedule", "executor", "payload", "priority", "queue", "timeoutSeconds", "retry",
        "concurrencyPolicy", "misfirePolicy", "paused", "labels", "nextFireAt", "lastExecution", "createdAt", "updatedAt", "version",
    ];

    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task PostJob_ValidBody_Returns201WithLocationETagAndTheJob()
    {
        var name = ApiJson.UniqueName("create");
        var body = JobBodies.Handler(name, cron: "0 */5 * * * *", payload: new JsonObject { ["answer"] = 42 });
        body["description"] = "made by a test";
        body["schedule"]!["timeZone"] = "Europe/Berlin";
        body["priority"] = 7;
        body["queue"] = "reports";
        body["timeoutSeconds"] = 30;
        body["retry"] = new JsonObject { ["maxAttempts"] = 3, ["backoffSeconds"] = 2 };
        body["concurrencyPolicy"] = "forbid";
        body["misfirePolicy"] = "skip";

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(body));

        var job = (await response.ExpectAsync(HttpStatusCode.Created)).AsObject();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = (string)job["id"]!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/api/v1/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(JobKeys.Order(StringComparer.Ordinal), job.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(name, (string?)job["name"]);
        Assert.Equal("made by a test", (string?)job["description"]);
        Assert.Equal("0 */5 * * * *", (string?)job["schedule"]!["cron"]);
        Assert.Equal("Europe/Berlin", (string?)job["schedule"]!["timeZone"]);
        Assert.Equal("handler", (string?)job["executor"]!["type"]);
        Assert.Equal("noop", (string?)job["executor"]!["handler"]);
        Assert.Equal(42, (int)job["payload"]!["answer"]!);
        Assert.Equal(7, (int)job["priority"]!);
        Assert.Equal("reports", (string?)job["queue"]);
        Assert.Equal(30, (int)job["timeoutSeconds"]!);
        Assert.Equal(3, (int)job["retry"]!["maxAttempts"]!);
        Assert.Equal(2.0, (double)job["retry"]!["backoffSeconds"]!);
        Assert.Equal("forbid", (string?)job["concurrencyPolicy"]);
        Assert.Equal("skip", (string?)job["misfirePolicy"]);
        Assert.False((bool)job["paused"]!);
        Assert.Null(job["lastExecution"]);
        Assert.Equal(1, (int)job["version"]!);
        foreach (var key in new[] { "nextFireAt", "createdAt", "updatedAt" })
        {
            Assert.Matches(Rfc3339Utc(), (string?)job[key]);
        }

        var nextFire = ApiJson.Instant(job["nextFireAt"]);
        Assert.Equal(0, nextFire.Second);
        Assert.Equal(0, nextFire.Minute % 5);
    }

    [Fact]
    public async Task PostJob_OnlyRequiredFields_AppliesDocumentedDefaults()
    {
        var job = await _client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("defaults")));

        // API.md: timeZone defaults to UTC, and the response says so.
        Assert.Equal("UTC", (string?)job["schedule"]!["timeZone"]);
        Assert.Equal(0, (int)job["priority"]!);
        Assert.Equal("default", (string?)job["queue"]);
        Assert.Equal(300, (int)job["timeoutSeconds"]!);
        Assert.Equal(1, (int)job["retry"]!["maxAttempts"]!);
        Assert.Equal("allow", (string?)job["concurrencyPolicy"]);
        Assert.Equal("runOnce", (string?)job["misfirePolicy"]);
        Assert.False((bool)job["paused"]!);
    }

    [Fact]
    public async Task GetJob_ByIdAndByName_ReturnsTheJobWithETag()
    {
        var name = ApiJson.UniqueName("get");
        var created = await _client.CreateJobAsync(JobBodies.Handler(name));
        var id = (string)created["id"]!;

        var byId = await _client.GetAsync($"/api/v1/jobs/{id}");
        var byName = await _client.GetAsync($"/api/v1/jobs/{name}");

        var jobById = await byId.ExpectAsync(HttpStatusCode.OK);
        var jobByName = await byName.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", byId.Headers.ETag?.ToString());
        Assert.Equal("\"1\"", byName.Headers.ETag?.ToString());
        Assert.Equal(created.ToJsonString(), jobById.ToJsonString());
        Assert.Equal(created.ToJsonString(), jobByName.ToJsonString());
    }

    [Fact]
    public async Task ListJobs_Filters_ReturnOnlyMatchingJobsNewestFirst()
    {
        var prefix = ApiJson.UniqueName("filter");
        var queue = "q" + Guid.NewGuid().ToString("N")[..12];
        var a = JobBodies.Handler(prefix + "-a");
        a["queue"] = queue;
        var b = JobBodies.Handler(prefix + "-b");
        b["paused"] = true;
        var c = JobBodies.Handler(prefix + "-c");
        c["queue"] = queue;
        c["paused"] = true;
        foreach (var job in new[] { a, b, c })
        {
            await _client.CreateJobAsync(job);
        }

        Assert.Equal([prefix + "-c", prefix + "-b", prefix + "-a"], await NamesAsync($"/api/v1/jobs?q={prefix}"));
        Assert.Equal([prefix + "-c", prefix + "-b"], await NamesAsync($"/api/v1/jobs?q={prefix}&paused=true"));
        Assert.Equal([prefix + "-a"], await NamesAsync($"/api/v1/jobs?q={prefix}&paused=false"));
        Assert.Equal([prefix + "-c", prefix + "-a"], await NamesAsync($"/api/v1/jobs?queue={queue}"));
        Assert.Equal([prefix + "-c"], await NamesAsync($"/api/v1/jobs?queue={queue}&paused=true"));
        Assert.Equal([prefix + "-b"], await NamesAsync($"/api/v1/jobs?q={prefix[^8..]}-b"));
        Assert.Empty(await NamesAsync($"/api/v1/jobs?q={prefix}&queue=nosuchqueue"));
    }

    [Fact]
    public async Task ListJobs_SevenJobsWithLimit3_PagesOf3Then3Then1WithoutDuplicates()
    {
        var prefix = ApiJson.UniqueName("page");
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            names.Add((string)(await _client.CreateJobAsync(JobBodies.Handler($"{prefix}-{i}")))["name"]!);
        }

        var pages = new List<List<string>>();
        var url = $"/api/v1/jobs?q={prefix}&limit=3";
        string? cursor = null;
        do
        {
            var page = (await (await _client.GetAsync(url + (cursor is null ? "" : $"&cursor={cursor}"))).ExpectAsync(HttpStatusCode.OK)).AsObject();
            Assert.Equal(["items", "nextCursor"], page.Select(p => p.Key).Order(StringComparer.Ordinal));
            pages.Add([.. page["items"]!.AsArray().Select(j => (string)j!["name"]!)]);
            cursor = (string?)page["nextCursor"];
            Assert.True(pages.Count <= 3, "more pages than expected");
        }
        while (cursor is not null);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(7, all.Distinct().Count());
        Assert.Equal(Enumerable.Reverse(names), all);
    }

    [Fact]
    public async Task ListJobs_Default_ReturnsItemsAndNextCursorKeys()
    {
        await _client.CreateJobAsync(JobBodies.Handler(ApiJson.UniqueName("any")));

        var page = (await (await _client.GetAsync("/api/v1/jobs")).ExpectAsync(HttpStatusCode.OK)).AsObject();

        Assert.Equal(["items", "nextCursor"], page.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotEmpty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task PutJob_NewNameThenSameName_Creates201ThenReplaces200WithNextVersion()
    {
        var name = ApiJson.UniqueName("put");
        var body = JobBodies.Handler(name);

        var first = await _client.PutAsync($"/api/v1/jobs/{name}", ApiJson.Json(body));
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("\"1\"", first.Headers.ETag?.ToString());
        Assert.Equal($"/api/v1/jobs/{created["id"]}", first.Headers.Location?.OriginalString);

        body["priority"] = 25;
        body["description"] = "replaced";
        var second = await _client.PutAsync($"/api/v1/jobs/{name}", ApiJson.Json(body));
        var replaced = await second.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", second.Headers.ETag?.ToString());
        Assert.Equal((string?)created["id"], (string?)replaced["id"]);
        Assert.Equal(2, (int)replaced["version"]!);
        Assert.Equal(25, (int)replaced["priority"]!);
        Assert.Equal("replaced", (string?)replaced["description"]);
        Assert.Equal((string?)created["createdAt"], (string?)replaced["createdAt"]);

        body.Remove("description");
        var third = await _client.SendAsync(HttpMethod.Put, $"/api/v1/jobs/{created["id"]}", body, r => r.Headers.TryAddWithoutValidation("If-Match", "\"2\""));
        var again = await third.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, (int)again["version"]!);
        Assert.Null(again["description"]);
    }

    [Fact]
    public async Task PatchJob_MergePatchWithMatchingIfMatch_ChangesOnlyThePatchedFields()
    {
        var name = ApiJson.UniqueName("patch");
        var body = JobBodies.Handler(name, payload: new JsonObject { ["keep"] = 1, ["drop"] = 2 });
        body["description"] = "to be removed";
        body["priority"] = 3;
        var created = await _client.CreateJobAsync(body);
        var patch = new JsonObject
        {
            ["priority"] = 60,
            ["description"] = null,
            ["payload"] = new JsonObject { ["drop"] = null, ["added"] = true },
            ["retry"] = new JsonObject { ["maxAttempts"] = 4 },
        };

        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/jobs/{name}")
        {
            Content = ApiJson.Json(patch, "application/merge-patch+json"),
            Headers = { { "If-Match", "\"1\"" } },
        });

        var patched = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal(2, (int)patched["version"]!);
        Assert.Equal(60, (int)patched["priority"]!);
        Assert.Null(patched["description"]);
        Assert.Equal("{\"keep\":1,\"added\":true}", patched["payload"]!.ToJsonString());
        Assert.Equal(4, (int)patched["retry"]!["maxAttempts"]!);
        Assert.Equal((string?)created["schedule"]!["cron"], (string?)patched["schedule"]!["cron"]);
        Assert.Equal((string?)created["id"], (string?)patched["id"]);

        var stale = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/jobs/{name}")
        {
            Content = ApiJson.Json("{\"priority\":1}", "application/merge-patch+json"),
            Headers = { { "If-Match", "\"1\"" } },
        });
        await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task PatchJob_CronToInterval_DropsTheShownZoneUnlessThePatchSetsOne()
    {
        var name = ApiJson.UniqueName("patch-kind");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await _client.SendAsync(HttpMethod.Patch, $"/api/v1/jobs/{name}",
            new JsonObject { ["schedule"] = new JsonObject { ["cron"] = null, ["intervalSeconds"] = 30 } });

        var patched = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(30, (int)patched["schedule"]!["intervalSeconds"]!);
        Assert.Null(patched["schedule"]!["cron"]);
        Assert.Null(patched["schedule"]!["timeZone"]);

        var explicitZone = await _client.SendAsync(HttpMethod.Patch, $"/api/v1/jobs/{name}",
            new JsonObject { ["schedule"] = new JsonObject { ["timeZone"] = "Europe/Berlin" } });
        await explicitZone.ExpectValidationAsync("schedule.timeZone");
    }

    [Fact]
    public async Task PatchJob_InvalidValue_Returns400KeyedByField()
    {
        var name = ApiJson.UniqueName("patch-bad");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await _client.SendAsync(HttpMethod.Patch, $"/api/v1/jobs/{name}", new JsonObject { ["schedule"] = new JsonObject { ["cron"] = "nope" } });

        await response.ExpectValidationAsync("schedule.cron");
    }

    [Fact]
    public async Task DeleteJob_Existing_Returns204ThenGetAndDeleteReturn404()
    {
        var name = ApiJson.UniqueName("delete");
        var created = await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await _client.DeleteAsync($"/api/v1/jobs/{created["id"]}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/v1/jobs/{name}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(name, await NamesAsync($"/api/v1/jobs?q={name}"));
    }

    [Fact]
    public async Task PauseAndResume_Job_Return200WithThePausedFlag()
    {
        var name = ApiJson.UniqueName("pause-flag");
        await _client.CreateJobAsync(JobBodies.Handler(name, cron: "*/10 * * * * *"));

        var paused = await (await _client.PostAsync($"/api/v1/jobs/{name}/pause", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True((bool)paused["paused"]!);
        Assert.Null(paused["nextFireAt"]);
        Assert.Empty((await (await _client.GetAsync($"/api/v1/jobs/{name}/next-fires")).ExpectAsync(HttpStatusCode.OK))["fires"]!.AsArray());

        var resumed = await (await _client.PostAsync($"/api/v1/jobs/{name}/resume", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)resumed["paused"]!);
        Assert.NotNull(resumed["nextFireAt"]);
    }

    private async Task<List<string>> NamesAsync(string url)
    {
        var page = await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        return [.. page["items"]!.AsArray().Select(j => (string)j!["name"]!)];
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Rfc3339Utc();
}
