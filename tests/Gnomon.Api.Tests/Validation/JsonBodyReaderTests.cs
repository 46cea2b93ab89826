using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gnomon.Api.Contracts;
using Gnomon.Api.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Api.Tests.Validation;

public sealed class JsonBodyReaderTests
{
    private const long Limit = 1024 * 1024;

    private static HttpRequest Request(string? body, string? contentType = "application/json", string method = "POST", bool sendLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        if (sendLength)
        {
            context.Request.ContentLength = bytes.Length;
        }

        return context.Request;
    }

    private static Task<BodyReadResult<JobInput>> Read(string? body, string? contentType = "application/json", string method = "POST", long limit = Limit, bool sendLength = true) =>
        JsonBodyReader.ReadAsync<JobInput>(Request(body, contentType, method, sendLength), limit, CancellationToken.None);

    private static async Task AssertError(string body, string key, string message)
    {
        var result = await Read(body);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal([key], result.Errors.Keys);
        Assert.Equal(message, result.Errors[key][0]);
    }

    [Fact]
    public async Task ReadAsync_ValidJob_ReturnsValue()
    {
        var result = await Read("""{"name":"a","schedule":{"runAt":"2026-11-23T10:00:00Z"},"priority":5,"concurrencyPolicy":"forbid"}""");

        Assert.True(result.Succeeded);
        Assert.Equal("a", result.Value.Name);
        Assert.Equal(5, result.Value.Priority);
        Assert.Equal(Domain.Jobs.ConcurrencyPolicy.Forbid, result.Value.ConcurrencyPolicy);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task ReadAsync_JsonWithParameters_Reads(string contentType)
    {
        var result = await Read("{}", contentType);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/merge-patch+json")]
    [InlineData(null)]
    public async Task ReadAsync_WrongContentType_Returns415(string? contentType)
    {
        var result = await Read("{}", contentType);

        Assert.Equal(415, result.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_MergePatchOnPatch_Reads()
    {
        var result = await JsonBodyReader.ReadAsync<JsonObject>(Request("""{"paused":true}""", "application/merge-patch+json", "PATCH"), Limit, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.Value["paused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ReadAsync_ContentLengthOverLimit_Returns413()
    {
        var result = await Read("""{"name":"abcdef"}""", limit: 5);

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_StreamOverLimitWithoutLength_Returns413()
    {
        var result = await Read("""{"name":"abcdef"}""", limit: 5, sendLength: false);

        Assert.Equal(413, result.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_BodyAtLimit_Reads()
    {
        var body = """{"name":"abcdef"}""";

        var result = await Read(body, limit: body.Length, sendLength: false);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public async Task ReadAsync_EmptyBody_Returns400BodyRequired(string body)
    {
        await AssertError(body, "", "a JSON body is required");
    }

    [Fact]
    public async Task ReadAsync_NoBodyNoContentType_Returns400BodyRequired()
    {
        var result = await Read(null, contentType: null);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("a JSON body is required", result.Errors[""][0]);
    }

    [Fact]
    public async Task ReadAsync_NullLiteral_Returns400MustBeObject()
    {
        await AssertError("null", "", "must be a JSON object");
    }

    [Fact]
    public async Task ReadOptionalAsync_NoBody_ReturnsEmptyValue()
    {
        var result = await JsonBodyReader.ReadOptionalAsync<TriggerInput>(Request(null, contentType: null), Limit, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null(result.Value.Payload);
    }

    [Fact]
    public async Task ReadOptionalAsync_Payload_Reads()
    {
        var result = await JsonBodyReader.ReadOptionalAsync<TriggerInput>(Request("""{"payload":{"x":[1]}}"""), Limit, CancellationToken.None);

        Assert.Equal("""{"x":[1]}""", result.Value?.Payload?.GetRawText());
    }

    [Theory]
    [InlineData("""{"name":"a",}""", "")]
    [InlineData("""{"schedule":{"cron":}}""", "schedule.cron")]
    [InlineData("""{"executor":{"args":["a", x]}}""", "executor.args[1]")]
    [InlineData("""{"name":"a" """, "")]
    [InlineData("""{"name":'a'}""", "name")]
    [InlineData("""{"name":"a"} trailing""", "")]
    [InlineData("not json", "")]
    public async Task ReadAsync_MalformedJson_Returns400AtPath(string body, string key)
    {
        var result = await Read(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(JsonBodyReader.MalformedTitle, result.Title);
        Assert.Equal([key], result.Errors.Keys);
        Assert.StartsWith("is not valid JSON at line 1, column ", result.Errors[key][0], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Errors[key][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"priority":"high"}""", "priority", "must be an integer")]
    [InlineData("""{"priority":1.5}""", "priority", "must be an integer")]
    [InlineData("""{"paused":"yes"}""", "paused", "must be true or false")]
    [InlineData("""{"name":5}""", "name", "must be a string")]
    [InlineData("""{"schedule":"daily"}""", "schedule", "must be an object")]
    [InlineData("""{"schedule":{"intervalSeconds":"30"}}""", "schedule.intervalSeconds", "must be an integer")]
    [InlineData("""{"schedule":{"runAt":"2026-11-23T10:00:00"}}""", "schedule.runAt", "must be an RFC 3339 instant with an offset, such as 2026-11-23T10:00:00.000Z")]
    [InlineData("""{"retry":{"backoffSeconds":"5"}}""", "retry.backoffSeconds", "must be a number")]
    [InlineData("""{"executor":{"args":"ls -l"}}""", "executor.args", "must be an array of strings")]
    [InlineData("""{"executor":{"args":["a",1]}}""", "executor.args[1]", "must be a string")]
    [InlineData("""{"executor":{"headers":{"X-Token":1}}}""", "executor.headers.X-Token", "must be a string")]
    [InlineData("""{"executor":{"successStatusCodes":[200,"201"]}}""", "executor.successStatusCodes[1]", "must be an integer")]
    [InlineData("""{"misfirePolicy":"sometimes"}""", "misfirePolicy", "must be one of runOnce, skip, runAll")]
    [InlineData("""{"concurrencyPolicy":1}""", "concurrencyPolicy", "must be one of allow, forbid, replace")]
    [InlineData("""{"id":"not-a-uuid"}""", "id", "must be a UUID string")]
    [InlineData("""[1,2]""", "", "must be an object")]
    public async Task ReadAsync_WrongType_Returns400WithCleanMessage(string body, string key, string message)
    {
        await AssertError(body, key, message);
    }

    [Theory]
    [InlineData("""{"nmae":"a"}""", "nmae")]
    [InlineData("""{"Name":"a"}""", "Name")]
    [InlineData("""{"schedule":{"crom":"* * * * *"}}""", "schedule.crom")]
    [InlineData("""{"retry":{"attempts":3}}""", "retry.attempts")]
    [InlineData("""{"executor":{"type":"http","uri":"https://x"}}""", "executor.uri")]
    public async Task ReadAsync_UnknownMember_Returns400IsNotAKnownField(string body, string key)
    {
        await AssertError(body, key, "is not a known field");
    }

    [Fact]
    public async Task ReadAsync_ReadOnlyFieldsOfAJob_AreAccepted()
    {
        var result = await Read("""
            {"id":"0193a0e4-7b1c-7000-8000-000000000000","name":"a","nextFireAt":null,
             "lastExecution":{"id":"x","status":"succeeded"},"createdAt":"2026-11-23T10:00:00.000Z",
             "updatedAt":"2026-11-23T10:00:00.000Z","version":3,"payload":{"anything":[1,{"deep":null}]}}
            """);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task ReadAsync_Utf8Bom_IsSkipped()
    {
        var result = await Read("\uFEFF{\"name\":\"a\"}");

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Bind_MergedDocumentWithWrongType_ReportsPath()
    {
        var result = JsonBodyReader.Bind<JobInput>(JsonNode.Parse("""{"priority":"x"}"""));

        Assert.Equal(["priority"], result.Errors.Keys);
    }

    [Fact]
    public async Task ToProblem_ValidationError_WritesProblemJsonWithErrors()
    {
        var result = await Read("""{"priority":"high"}""");

        var (status, contentType, json) = await Execute(result.ToProblem());

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal(JsonBodyReader.InvalidBodyTitle, json.GetProperty("title").GetString());
        Assert.Equal("must be an integer", json.GetProperty("errors").GetProperty("priority")[0].GetString());
    }

    [Fact]
    public async Task ReadAsync_BatchWithSeveralItemsOfTheWrongShape_ReportsEveryItem()
    {
        const string body = """{"jobs":[{"name":"a","priority":"high"},{"name":"b"},7,{"name":"c","retry":{"maxAttempts":"x"}},{"nme":"d"}]}""";

        var result = await JsonBodyReader.ReadAsync<JobBatchInput>(Request(body), Limit, "jobs", CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(["jobs[0].priority", "jobs[2]", "jobs[3].retry.maxAttempts", "jobs[4].nme"], result.Errors.Keys);
        Assert.Equal("must be an integer", result.Errors["jobs[0].priority"][0]);
        Assert.Equal("must be an object", result.Errors["jobs[2]"][0]);
        Assert.Equal(JsonBodyReader.UnknownFieldMessage, result.Errors["jobs[4].nme"][0]);
    }

    [Fact]
    public async Task ReadAsync_BatchWhoseItemsMemberIsNotAnArray_ReportsTheMember()
    {
        var result = await JsonBodyReader.ReadAsync<JobBatchInput>(Request("""{"jobs":{"name":"a"}}"""), Limit, "jobs", CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(["jobs"], result.Errors.Keys);
    }

    [Fact]
    public async Task ToProblem_UnsupportedMediaType_WritesProblemJson()
    {
        var result = await Read("{}", "text/plain");

        var (status, contentType, json) = await Execute(result.ToProblem());

        Assert.Equal(415, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Equal(415, json.GetProperty("status").GetInt32());
    }

    private static async Task<(int Status, string ContentType, JsonElement Json)> Execute(IResult result)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        var body = new MemoryStream();
        context.Response.Body = body;

        await result.ExecuteAsync(context);

        return (context.Response.StatusCode, context.Response.ContentType ?? "", JsonDocument.Parse(body.ToArray()).RootElement);
    }
}
