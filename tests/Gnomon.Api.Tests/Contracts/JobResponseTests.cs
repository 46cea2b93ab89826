using System.Text.Json;
using Gnomon.Api.Contracts;
using Gnomon.Api.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;
using Gnomon.Domain.Retries;
using Gnomon.Domain.Schedules;

namespace Gnomon.Api.Tests.Contracts;

public sealed class JobResponseTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    internal static Job SampleJob(ExecutorSpec? executor = null) => new()
    {
        Id = Guid.CreateVersion7(Created),
        Definition = new JobDefinition
        {
            Name = "nightly-report",
            Description = "optional text",
            Schedule = new ScheduleSpec { Cron = "*/5 * * * * *", TimeZone = "Europe/Berlin" },
            Executor = executor ?? new HttpExecutorSpec
            {
                Url = new Uri("https://example.com/hook"),
                Headers = new Dictionary<string, string> { ["X-Token"] = "t" },
                SuccessStatusCodes = [200, 201],
            },
            Payload = JsonDocument.Parse("""{"a":1}""").RootElement,
            Priority = 5,
            Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1.5), 2.0, TimeSpan.FromSeconds(600)),
            MisfirePolicy = MisfirePolicy.RunAll,
        },
        NextFireAt = Created.AddSeconds(5),
        LastExecution = new ExecutionSummary(Guid.CreateVersion7(Created), ExecutionStatus.Claimed, Created, null),
        CreatedAt = Created,
        UpdatedAt = Created.AddMinutes(1),
        Version = 3,
    };

    [Fact]
    public void Serialize_Job_HasExactlyTheContractKeys()
    {
        var json = JsonSerializer.SerializeToElement(JobResponse.From(SampleJob()), GnomonJson.Options);

        string[] expected =
        [
            "id", "name", "description", "schedule", "executor", "payload", "priority", "queue", "timeoutSeconds", "retry",
            "concurrencyPolicy", "misfirePolicy", "paused", "labels", "nextFireAt", "lastExecution", "createdAt", "updatedAt", "version",
        ];
        Assert.Equal(expected.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(
            ["cron", "timeZone", "intervalSeconds", "runAt", "startAt", "endAt"],
            json.GetProperty("schedule").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["type", "url", "method", "headers", "body", "successStatusCodes"],
            json.GetProperty("executor").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["maxAttempts", "backoffSeconds", "backoffMultiplier", "maxBackoffSeconds"],
            json.GetProperty("retry").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["id", "status", "scheduledAt", "finishedAt"],
            json.GetProperty("lastExecution").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_Job_WritesContractValues()
    {
        var json = JsonSerializer.SerializeToElement(JobResponse.From(SampleJob()), GnomonJson.Options);

        Assert.Equal("http", json.GetProperty("executor").GetProperty("type").GetString());
        Assert.Equal("POST", json.GetProperty("executor").GetProperty("method").GetString());
        Assert.Equal("t", json.GetProperty("executor").GetProperty("headers").GetProperty("X-Token").GetString());
        Assert.Equal(300, json.GetProperty("timeoutSeconds").GetInt32());
        Assert.Equal(1.5, json.GetProperty("retry").GetProperty("backoffSeconds").GetDouble());
        Assert.Equal("allow", json.GetProperty("concurrencyPolicy").GetString());
        Assert.Equal("runAll", json.GetProperty("misfirePolicy").GetString());
        Assert.Equal("pending", json.GetProperty("lastExecution").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("lastExecution").GetProperty("finishedAt").ValueKind);
        Assert.Equal("2026-11-23T10:00:05.000Z", json.GetProperty("nextFireAt").GetString());
        Assert.Equal("2026-11-23T10:00:00.000Z", json.GetProperty("createdAt").GetString());
        Assert.Equal(1, json.GetProperty("payload").GetProperty("a").GetInt32());
        Assert.Equal(3, json.GetProperty("version").GetInt32());
    }

    [Fact]
    public void Serialize_ShellAndHandlerExecutors_WriteTheirShapes()
    {
        var shell = JsonSerializer.SerializeToElement(
            JobResponse.From(SampleJob(new ShellExecutorSpec { Command = "/usr/bin/env", Args = ["a"] })), GnomonJson.Options).GetProperty("executor");
        var handler = JsonSerializer.SerializeToElement(
            JobResponse.From(SampleJob(new HandlerExecutorSpec { Handler = "noop" })), GnomonJson.Options).GetProperty("executor");

        Assert.Equal(["type", "command", "args", "env", "workingDirectory"], shell.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"type":"handler","handler":"noop"}""", handler.GetRawText());
    }

    [Fact]
    public void Serialize_NoLastExecution_WritesNull()
    {
        var job = SampleJob() with { LastExecution = null, NextFireAt = null };

        var json = JsonSerializer.SerializeToElement(JobResponse.From(job), GnomonJson.Options);

        Assert.Equal(JsonValueKind.Null, json.GetProperty("lastExecution").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("nextFireAt").ValueKind);
    }

    [Fact]
    public void Deserialize_SerializedJobAsInput_IsAcceptedWithoutUnknownFields()
    {
        var json = JsonSerializer.Serialize(JobResponse.From(SampleJob()), GnomonJson.Options);

        var input = JsonSerializer.Deserialize<JobInput>(json, GnomonJson.InputOptions);

        Assert.NotNull(input);
        Assert.Equal("nightly-report", input.Name);
        Assert.Equal("https://example.com/hook", input.Executor?.Url);
        Assert.Equal(3, input.Version);
    }
}
