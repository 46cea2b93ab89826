using System.Text.Json;
using Gnomon.Api.Contracts;
using Gnomon.Api.Json;
using Gnomon.Domain.Executions;

namespace Gnomon.Api.Tests.Contracts;

public sealed class ExecutionResponseTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static Execution Sample(ExecutionStatus status) => new()
    {
        Id = Guid.CreateVersion7(At),
        JobId = Guid.CreateVersion7(At),
        JobName = "nightly-report",
        Trigger = ExecutionTrigger.Manual,
        ScheduledAt = At,
        Status = status,
        Queue = "default",
        Attempt = 1,
        MaxAttempts = 2,
        WorkerId = Guid.CreateVersion7(At),
        StartedAt = At.AddMilliseconds(3),
        FinishedAt = At.AddMilliseconds(15),
        Result = JsonDocument.Parse("""{"httpStatus":200}""").RootElement,
        Output = "ok",
        Attempts =
        [
            new ExecutionAttempt { Attempt = 1, StartedAt = At.AddMilliseconds(3), FinishedAt = At.AddMilliseconds(15), Status = ExecutionStatus.TimedOut, Error = "timed out" },
        ],
    };

    [Fact]
    public void Serialize_Execution_HasTheContractKeys()
    {
        var json = JsonSerializer.SerializeToElement(ExecutionResponse.From(Sample(ExecutionStatus.Succeeded)), GnomonJson.Options);

        string[] contract =
        [
            "id", "jobId", "jobName", "trigger", "scheduledAt", "status", "reason", "priority", "queue", "attempt", "maxAttempts",
            "notBefore", "workerId", "startedAt", "finishedAt", "durationMs", "result", "output", "error", "attempts",
        ];
        var names = json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(contract, key => Assert.Contains(key, names));
        Assert.Equal(["cancelRequested"], names.Except(contract));
        // API.md's attempt keys, then the per-attempt result and output Gnomon adds.
        Assert.Equal(
            ["attempt", "workerId", "startedAt", "finishedAt", "status", "error", "result", "output", "lateReport"],
            json.GetProperty("attempts")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_Execution_WritesContractValues()
    {
        var json = JsonSerializer.SerializeToElement(ExecutionResponse.From(Sample(ExecutionStatus.Succeeded)), GnomonJson.Options);

        Assert.Equal("manual", json.GetProperty("trigger").GetString());
        Assert.Equal("succeeded", json.GetProperty("status").GetString());
        Assert.Equal(12, json.GetProperty("durationMs").GetInt64());
        Assert.Equal(200, json.GetProperty("result").GetProperty("httpStatus").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        Assert.Equal("timedOut", json.GetProperty("attempts")[0].GetProperty("status").GetString());
        Assert.Equal("2026-11-23T10:00:00.003Z", json.GetProperty("startedAt").GetString());
    }

    [Fact]
    public void From_Claimed_ShowsPending()
    {
        Assert.Equal(ExecutionStatus.Pending, ExecutionResponse.From(Sample(ExecutionStatus.Claimed)).Status);
    }

    [Fact]
    public void From_WithoutOutput_LeavesOutputNull()
    {
        Assert.Null(ExecutionResponse.From(Sample(ExecutionStatus.Succeeded), includeOutput: false).Output);
        Assert.Equal("ok", ExecutionResponse.From(Sample(ExecutionStatus.Succeeded)).Output);
    }

    [Fact]
    public void Serialize_ListAndFires_UseContractShapes()
    {
        var list = JsonSerializer.Serialize(new ListResponse<int> { Items = [1], NextCursor = null }, GnomonJson.Options);
        var fires = JsonSerializer.Serialize(new FiresResponse { Fires = [At] }, GnomonJson.Options);

        Assert.Equal("""{"items":[1],"nextCursor":null}""", list);
        Assert.Equal("""{"fires":["2026-11-23T10:00:00.000Z"]}""", fires);
    }
}
