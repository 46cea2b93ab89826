using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Validation;

/// <summary>The 4xx matrix of API.md over real HTTP: every refusal is a problem+json with the right status and, for 400, the field at fault.</summary>
public sealed class ProblemResponseTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private const string UnknownId = "01900000-0000-7000-8000-000000000000";
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task PostJob_MalformedJson_Returns400()
    {
        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json("{\"name\": \"x\", "));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task PostJob_TextPlainContentType_Returns415()
    {
        var body = JobBodies.Handler(ApiJson.UniqueName("plain")).ToJsonString();

        var response = await _client.PostAsync("/api/v1/jobs", new StringContent(body, Encoding.UTF8, "text/plain"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The request body must be sent with Content-Type: application/json.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task PostJob_BodyWithoutContentType_Returns415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JobBodies.Handler(ApiJson.UniqueName("untyped")).ToJsonString()));
        Assert.Null(content.Headers.ContentType);

        var response = await _client.PostAsync("/api/v1/jobs", content);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The request body must be sent with Content-Type: application/json.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task PatchJob_XmlContentType_Returns415NamingBothJsonTypes()
    {
        var response = await _client.PatchAsync($"/api/v1/jobs/{ApiJson.UniqueName("xml")}", new StringContent("<job/>", Encoding.UTF8, "text/xml"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The request body must be sent with Content-Type: application/json or application/merge-patch+json.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task PostJob_PriorityOfWrongType_Returns400KeyedPriority()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("prio"));
        job["priority"] = "high";

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        await response.ExpectValidationAsync("priority");
    }

    [Fact]
    public async Task PostJob_UnknownField_Returns400KeyedByItsName()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("unknown"));
        job["colour"] = "blue";

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        await response.ExpectValidationAsync("colour");
    }

    [Fact]
    public async Task PostJob_InvalidCron_Returns400KeyedScheduleCron()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("cron"), cron: "every tuesday");

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        await response.ExpectValidationAsync("schedule.cron");
    }

    [Fact]
    public async Task PostJob_UnknownTimeZone_Returns400KeyedScheduleTimeZone()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("tz"));
        job["schedule"]!["timeZone"] = "Mars/Olympus_Mons";

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        await response.ExpectValidationAsync("schedule.timeZone");
    }

    [Fact]
    public async Task PostJob_NameTooLong_Returns400KeyedName()
    {
        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(new string('n', 201))));

        await response.ExpectValidationAsync("name");
    }

    [Fact]
    public async Task PostJob_NameOf200Characters_Returns201()
    {
        var name = ("long-" + Guid.NewGuid().ToString("N")).PadRight(200, 'x');

        var created = await _client.CreateJobAsync(JobBodies.Handler(name));

        Assert.Equal(name, (string?)created["name"]);
    }

    [Fact]
    public async Task PostJob_NameThatIsAUuid_Returns400KeyedName()
    {
        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(Guid.NewGuid().ToString())));

        await response.ExpectValidationAsync("name");
    }

    [Fact]
    public async Task PostJob_BodyOver1MiB_Returns413()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("huge"));
        job["description"] = new string('d', 1024 * 1024 + 16);

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PostJob_ChunkedBodyOver1MiB_Returns413()
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("huge-chunked"));
        job["description"] = new string('d', 1024 * 1024 + 16);
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(job.ToJsonString())));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/v1/jobs", content);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    public static TheoryData<string, string> UnknownJobRequests()
    {
        var data = new TheoryData<string, string>();
        foreach (var job in new[] { UnknownId, "no-such-job" })
        {
            foreach (var request in new[] { "GET", "PATCH", "DELETE", "POST pause", "POST resume", "POST trigger", "GET next-fires", "GET executions" })
            {
                data.Add(request, job);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnknownJobRequests))]
    public async Task JobEndpoint_UnknownJob_Returns404(string request, string job)
    {
        var parts = request.Split(' ');
        var path = $"/api/v1/jobs/{job}" + (parts.Length > 1 ? "/" + parts[1] : "");
        using var message = new HttpRequestMessage(new HttpMethod(parts[0]), path);
        switch (parts[0])
        {
            case "PATCH":
                // If-Match is ignored when the answer without it would not be 2xx (RFC 9110 §13.2.1): the job is unknown.
                message.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                message.Content = ApiJson.Json("{\"priority\":5}", "application/merge-patch+json");
                break;
            default:
                break;
        }

        var response = await _client.SendAsync(message);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    /// <remarks>
    /// Without If-Match this PUT would create the job (201), so the precondition is evaluated and fails: RFC 9110
    /// §13.1.1 and §13.2.1 make that a 412, not a 404; and nothing is created.
    /// </remarks>
    [Theory]
    [InlineData(UnknownId)]
    [InlineData("no-such-job-put")]
    public async Task PutJob_IfMatchOnUnknownJob_Returns412AndCreatesNothing(string job)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/jobs/{job}")
        {
            Content = ApiJson.Json(JobBodies.Handler(job == UnknownId ? ApiJson.UniqueName("put") : job)),
        };
        message.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await _client.SendAsync(message);

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await _client.GetAsync($"/api/v1/jobs/{job}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", UnknownId)]
    [InlineData("GET", "not-a-uuid")]
    [InlineData("POST cancel", UnknownId)]
    [InlineData("POST cancel", "not-a-uuid")]
    public async Task ExecutionEndpoint_UnknownOrMalformedId_Returns404(string request, string id)
    {
        var parts = request.Split(' ');
        var path = $"/api/v1/executions/{id}" + (parts.Length > 1 ? "/" + parts[1] : "");

        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(parts[0]), path));

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CancelExecution_AlreadyFinished_Returns409()
    {
        var name = ApiJson.UniqueName("finished");
        await _client.CreateJobAsync(JobBodies.Handler(name));
        var execution = await _client.TriggerAsync(name);
        var id = (string)execution["id"]!;
        await _client.WaitForExecutionAsync(id, e => (string?)e["status"] == "succeeded", "the triggered noop execution to succeed");

        var response = await _client.PostAsync($"/api/v1/executions/{id}/cancel", null);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("succeeded", (string?)(await _client.GetExecutionAsync(id))["status"]);
    }

    [Fact]
    public async Task PostJob_DuplicateName_Returns409()
    {
        var name = ApiJson.UniqueName("dup");
        await _client.CreateJobAsync(JobBodies.Handler(name));

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(JobBodies.Handler(name)));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task JobWrite_IfMatchMismatch_Returns412(string method)
    {
        var name = ApiJson.UniqueName("ifmatch");
        await _client.CreateJobAsync(JobBodies.Handler(name));
        using var message = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/jobs/{name}");
        message.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        message.Content = method switch
        {
            "PUT" => ApiJson.Json(JobBodies.Handler(name)),
            "PATCH" => ApiJson.Json("{\"priority\":5}", "application/merge-patch+json"),
            _ => null,
        };

        var response = await _client.SendAsync(message);

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)job["version"]!);
    }

    [Theory]
    [InlineData("/api/v1/jobs", "0")]
    [InlineData("/api/v1/jobs", "501")]
    [InlineData("/api/v1/jobs", "abc")]
    [InlineData("/api/v1/executions", "0")]
    [InlineData("/api/v1/executions", "501")]
    [InlineData("/api/v1/executions", "abc")]
    public async Task List_BadLimit_Returns400KeyedLimit(string path, string limit)
    {
        var response = await _client.GetAsync($"{path}?limit={limit}");

        await response.ExpectValidationAsync("limit");
    }

    [Theory]
    [InlineData("/api/v1/jobs?limit=abc&paused=maybe&cursor=x", "limit", "paused", "cursor")]
    [InlineData("/api/v1/executions?limit=-1&from=yesterday&to=2026-13-01T00:00:00Z&status=exploded", "limit", "from", "to", "status")]
    [InlineData("/api/v1/jobs/any/next-fires?count=1.5", "count")]
    public async Task List_SeveralBadParameters_Returns400NamingEveryOne(string pathAndQuery, params string[] parameters)
    {
        var response = await _client.GetAsync(pathAndQuery);

        var errors = await response.ExpectValidationAsync(parameters);
        Assert.Contains("whole number", (string)errors[parameters[0] == "count" ? "count" : "limit"]![0]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/jobs")]
    [InlineData("/api/v1/executions")]
    public async Task List_BadCursor_Returns400KeyedCursor(string path)
    {
        var response = await _client.GetAsync($"{path}?cursor=not-a-cursor");

        await response.ExpectValidationAsync("cursor");
    }

    [Fact]
    public async Task ListExecutions_BadStatusFilter_Returns400KeyedStatus()
    {
        var response = await _client.GetAsync("/api/v1/executions?status=succeeded&status=exploded");

        await response.ExpectValidationAsync("status");
    }

    [Fact]
    public async Task PostJob_ShellWhileShellDisabled_Returns400SayingHowToEnable()
    {
        var job = new JsonObject
        {
            ["name"] = ApiJson.UniqueName("shell"),
            ["schedule"] = new JsonObject { ["cron"] = JobBodies.RarelyCron },
            ["executor"] = new JsonObject { ["type"] = "shell", ["command"] = "/bin/true" },
        };

        var response = await _client.PostAsync("/api/v1/jobs", ApiJson.Json(job));

        var errors = await response.ExpectValidationAsync("executor.type");
        Assert.Contains("Executors:Shell:Enabled", (string)errors["executor.type"]![0]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/jobs")]
    [InlineData("/api/v1/jobs/{name}/trigger")]
    [InlineData("/api/v1/jobs/{name}/pause")]
    public async Task Post_CrossOrigin_Returns403(string path)
    {
        var name = ApiJson.UniqueName("xorigin");
        await _client.CreateJobAsync(JobBodies.Handler(name));
        using var message = new HttpRequestMessage(HttpMethod.Post, path.Replace("{name}", name, StringComparison.Ordinal))
        {
            Content = ApiJson.Json(JobBodies.Handler(ApiJson.UniqueName("evil"))),
        };
        message.Headers.TryAddWithoutValidation("Origin", "http://evil.example");

        var response = await _client.SendAsync(message);

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var job = await (await _client.GetAsync($"/api/v1/jobs/{name}")).ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)job["paused"]!);
        Assert.Empty(await _client.ListExecutionsAsync(name));
    }

    [Fact]
    public async Task Post_SameOrigin_IsAccepted()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs")
        {
            Content = ApiJson.Json(JobBodies.Handler(ApiJson.UniqueName("sameorigin"))),
        };
        message.Headers.TryAddWithoutValidation("Origin", fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority));

        var response = await _client.SendAsync(message);

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
