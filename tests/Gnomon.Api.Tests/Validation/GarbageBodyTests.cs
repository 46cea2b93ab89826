using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gnomon.Api.Tests.Infrastructure;

namespace Gnomon.Api.Tests.Validation;

/// <summary>"No request can produce a 500 by its content alone": garbage bodies against the job endpoints.</summary>
public sealed class GarbageBodyTests(GnomonHostFixture fixture) : IClassFixture<GnomonHostFixture>
{
    private static readonly string[] Fields =
    [
        "name", "description", "schedule", "schedule.cron", "schedule.timeZone", "schedule.intervalSeconds", "schedule.runAt",
        "schedule.startAt", "schedule.endAt", "executor", "executor.type", "executor.handler", "executor.url", "executor.method",
        "executor.headers", "executor.body", "executor.successStatusCodes", "payload", "priority", "queue", "timeoutSeconds",
        "retry", "retry.maxAttempts", "retry.backoffSeconds", "retry.backoffMultiplier", "retry.maxBackoffSeconds",
        "concurrencyPolicy", "misfirePolicy", "paused", "id", "version", "createdAt", "nextFireAt", "lastExecution",
    ];

    private static readonly string[] OddValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "-9223372036854775809",
        "\"\"", "\"x\"", "\"high\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "[null]", "[1,\"a\",{}]", "{}", "{\"a\":null}",
        "\"2026-13-45T99:99:99Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"0001-01-01T00:00:00Z\"", "\"* * * * * * * *\"",
        "\"@reboot\"", "\"01900000-0000-7000-8000-000000000000\"", "\"http://\"", "\"ftp://x\"", "\"Etc/GMT+99\"", "\"../../etc\"",
    ];

    [Fact]
    public async Task PostAndPutJob_200GarbageBodies_NeverReturn5xx()
    {
        var random = new Random(20260123);
        var failures = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var body = Garbage(random, i);
            foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/jobs"), (HttpMethod.Put, $"/api/v1/jobs/fuzz-{i}"), (HttpMethod.Patch, $"/api/v1/jobs/fuzz-{i}") })
            {
                await SendAsync(method, path, body, $"#{i}", failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await (await fixture.Client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PostBatch_200GarbageBodiesAndGarbageItems_NeverReturn5xx()
    {
        var random = new Random(20260124);
        var failures = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var garbage = Garbage(random, i);
            // The garbage as the whole body, and as one item among valid jobs.
            var item = Encoding.UTF8.GetBytes($"{{\"jobs\":[{JobBodies.Handler($"fuzz-batch-{i}").ToJsonString()},");
            foreach (var body in new[] { garbage, [.. item, .. garbage, .. "]}"u8] })
            {
                await SendAsync(HttpMethod.Post, "/api/v1/jobs/batch", body, $"#{i}", failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await (await fixture.Client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("payload", "\"\\ud800\"")]
    [InlineData("payload", "{\"\\udc00\":1}")]
    [InlineData("description", "\"\\ud800\"")]
    [InlineData("name", "\"\\ud800\"")]
    [InlineData("queue", "\"\\ud800\"")]
    public async Task PostJob_LoneSurrogateEscape_Returns4xxNot5xx(string field, string value)
    {
        var job = JobBodies.Handler(ApiJson.UniqueName("surrogate"));
        job[field] = "__value__";
        var text = job.ToJsonString().Replace("\"__value__\"", value, StringComparison.Ordinal);

        var response = await fixture.Client.PostAsync("/api/v1/jobs", ApiJson.Json(text));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task TriggerJob_LoneSurrogateInPayload_Returns4xxNot5xx()
    {
        var name = ApiJson.UniqueName("surrogate-trigger");
        await fixture.Client.CreateJobAsync(JobBodies.Handler(name));

        var response = await fixture.Client.PostAsync($"/api/v1/jobs/{name}/trigger", ApiJson.Json("{\"payload\":\"\\ud800\"}"));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sends <paramref name="body"/> as JSON; a 5xx, or a 4xx other than 404 without a problem body, is added to <paramref name="failures"/>.</summary>
    private async Task SendAsync(HttpMethod method, string path, byte[] body, string label, List<string> failures)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            failures.Add($"{label} {method} {path} -> {status}: {Preview(body)} => {text}");
        }
        else if (status >= 400 && status != 404 && response.Content.Headers.ContentType?.MediaType != ApiJson.ProblemContentType)
        {
            failures.Add($"{label} {method} {path} -> {status} without problem+json: {Preview(body)}");
        }
    }

    private static byte[] Garbage(Random random, int i) => (i % 8) switch
    {
        0 => RandomBytes(random),
        1 => Encoding.UTF8.GetBytes(new string('[', 1 + random.Next(100_000)) + new string(']', random.Next(3))),
        2 => Encoding.UTF8.GetBytes(NestedPayload(random)),
        3 => Encoding.UTF8.GetBytes(NullsEverywhere(random)),
        4 or 5 => Encoding.UTF8.GetBytes(WrongType(random, i)),
        6 => Encoding.UTF8.GetBytes(HugeNumbers(random)),
        _ => Encoding.UTF8.GetBytes(OddValues[random.Next(OddValues.Length)]),
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static string NestedPayload(Random random)
    {
        var depth = random.Next(30, 5000);
        var job = JobBodies.Handler($"fuzz-nested-{random.Next()}");
        var text = job.ToJsonString();
        var nested = string.Concat(Enumerable.Repeat("{\"a\":[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth));
        return text[..^1] + ",\"payload\":" + nested + "}";
    }

    private static string NullsEverywhere(Random random)
    {
        var job = new JsonObject();
        foreach (var field in Fields.Where(_ => random.Next(3) > 0))
        {
            Set(job, field, null);
        }

        return job.ToJsonString();
    }

    private static string WrongType(Random random, int i)
    {
        var job = JobBodies.Handler($"fuzz-wrong-{i}");
        job["retry"] = new JsonObject { ["maxAttempts"] = 2 };
        // Values go in as placeholders and are spliced in as raw text: some (a lone surrogate) cannot pass through JsonNode.
        var odd = new List<string>();
        for (var n = 0; n < 1 + random.Next(3); n++)
        {
            Set(job, Fields[random.Next(Fields.Length)], $"__odd{odd.Count}__");
            odd.Add(OddValues[random.Next(OddValues.Length)]);
        }

        var text = job.ToJsonString();
        for (var n = 0; n < odd.Count; n++)
        {
            text = text.Replace($"\"__odd{n}__\"", odd[n], StringComparison.Ordinal);
        }

        return text;
    }

    private static string HugeNumbers(Random random)
    {
        string[] huge = ["1e308", "1e309", "-1e309", "99999999999999999999999999999999999999", "0.0000000000000000000000000001", "2147483648", "-2147483649", "NaN", "Infinity"];
        var job = JobBodies.Handler($"fuzz-huge-{random.Next()}").ToJsonString()[..^1];
        string[] numeric = ["priority", "timeoutSeconds", "version"];
        var field = numeric[random.Next(numeric.Length)];
        var retry = $"\"retry\":{{\"maxAttempts\":{huge[random.Next(huge.Length)]},\"backoffSeconds\":{huge[random.Next(huge.Length)]},\"backoffMultiplier\":{huge[random.Next(huge.Length)]},\"maxBackoffSeconds\":{huge[random.Next(huge.Length)]}}}";
        return $"{job},\"{field}\":{huge[random.Next(huge.Length)]},{retry}}}";
    }

    private static void Set(JsonObject job, string path, JsonNode? value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            job[path] = value;
            return;
        }

        var parent = path[..dot];
        if (job[parent] is not JsonObject child)
        {
            child = new JsonObject();
            job[parent] = child;
        }

        child[path[(dot + 1)..]] = value;
    }

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
