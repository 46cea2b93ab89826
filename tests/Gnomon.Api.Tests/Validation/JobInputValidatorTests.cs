using System.Text.Json;
using Gnomon.Api.Contracts;
using Gnomon.Api.Json;
using Gnomon.Api.Validation;
using Gnomon.Domain.Executors;
using Gnomon.Domain.Jobs;

namespace Gnomon.Api.Tests.Validation;

public sealed class JobInputValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly JobValidationContext Context = new() { Now = Now, Anchor = Now, ShellEnabled = true };

    private static JobInput Valid() => new()
    {
        Name = "nightly-report",
        Schedule = new ScheduleInput { Cron = "0 3 * * *" },
        Executor = new ExecutorInput { Type = "handler", Handler = "noop" },
    };

    private static Dictionary<string, string[]> Errors(JobInput? input, JobValidationContext? context = null)
    {
        var result = JobInputValidator.Validate(input, context ?? Context);
        Assert.False(result.IsValid);
        return ProblemResults.ToDictionary(result.Errors);
    }

    private static void AssertSingleError(JobInput input, string key, string? contains = null, JobValidationContext? context = null)
    {
        var errors = Errors(input, context);
        Assert.Equal([key], errors.Keys);
        if (contains is not null)
        {
            Assert.Contains(contains, errors[key][0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Minimal_AppliesDefaults()
    {
        var result = JobInputValidator.Validate(Valid(), Context);

        Assert.True(result.IsValid);
        var definition = result.Definition;
        Assert.Equal("nightly-report", definition.Name);
        Assert.Equal(0, definition.Priority);
        Assert.Equal("default", definition.Queue);
        Assert.Equal(TimeSpan.FromSeconds(300), definition.Timeout);
        Assert.Equal(1, definition.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), definition.Retry.Backoff);
        Assert.Equal(2.0, definition.Retry.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(600), definition.Retry.MaxBackoff);
        Assert.Equal(ConcurrencyPolicy.Allow, definition.ConcurrencyPolicy);
        Assert.Equal(MisfirePolicy.RunOnce, definition.MisfirePolicy);
        Assert.False(definition.Paused);
        Assert.Null(definition.Payload);
        Assert.Equal(new HandlerExecutorSpec { Handler = "noop" }, definition.Executor);
    }

    [Fact]
    public void Validate_Null_ReportsRoot()
    {
        Assert.Equal([""], Errors(null).Keys);
    }

    [Fact]
    public void Validate_Empty_CollectsAllRequiredFields()
    {
        var errors = Errors(new JobInput());

        Assert.Equal(["name", "schedule", "executor"], errors.Keys);
    }

    [Fact]
    public void Validate_ManyProblems_CollectsThemAll()
    {
        var input = new JobInput
        {
            Name = "bad name",
            Description = new string('x', 2001),
            Schedule = new ScheduleInput { Cron = "not cron", TimeZone = "Mars/Olympus" },
            Executor = new ExecutorInput { Type = "http", Url = "ftp://x", Method = "FETCH", Command = "ls" },
            Priority = 101,
            Queue = "",
            TimeoutSeconds = 0,
            Retry = new RetryInput { MaxAttempts = 0, BackoffSeconds = -1, BackoffMultiplier = 11, MaxBackoffSeconds = 86401 },
        };

        var errors = Errors(input);

        string[] expected =
        [
            "name", "description", "schedule.timeZone", "schedule.cron", "executor.command", "executor.url", "executor.method",
            "priority", "queue", "timeoutSeconds", "retry.maxAttempts", "retry.backoffSeconds", "retry.backoffMultiplier", "retry.maxBackoffSeconds",
        ];
        Assert.Equal(expected.Order(), errors.Keys.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünïcode")]
    public void Validate_BadName_ReportsName(string name)
    {
        AssertSingleError(Valid() with { Name = name }, "name");
    }

    [Fact]
    public void Validate_NameTooLong_ReportsName()
    {
        AssertSingleError(Valid() with { Name = new string('a', 201) }, "name", "1 to 200");
        Assert.True(JobInputValidator.Validate(Valid() with { Name = new string('a', 200) }, Context).IsValid);
    }

    [Theory]
    [InlineData("0193a0e4-7b1c-7000-8000-000000000000")]
    [InlineData("0193a0e47b1c70008000000000000000")]
    public void Validate_NameParsesAsGuid_ReportsName(string name)
    {
        AssertSingleError(Valid() with { Name = name }, "name", "UUID");
    }

    [Fact]
    public void Validate_NameFromPathAndBodyAbsent_TakesPathName()
    {
        var result = JobInputValidator.Validate(Valid() with { Name = null }, Context with { NameFromPath = "from-path" });

        Assert.True(result.IsValid);
        Assert.Equal("from-path", result.Definition.Name);
    }

    [Fact]
    public void Validate_NameFromPathEqualsBody_IsValid()
    {
        Assert.True(JobInputValidator.Validate(Valid(), Context with { NameFromPath = "nightly-report" }).IsValid);
    }

    [Fact]
    public void Validate_NameFromPathDiffers_ReportsName()
    {
        AssertSingleError(Valid(), "name", "does not match", Context with { NameFromPath = "other" });
    }

    [Fact]
    public void Validate_DescriptionAtLimit_IsValid()
    {
        Assert.True(JobInputValidator.Validate(Valid() with { Description = new string('x', 2000) }, Context).IsValid);
        AssertSingleError(Valid() with { Description = new string('x', 2001) }, "description");
    }

    [Fact]
    public void Validate_NoScheduleKind_ReportsSchedule()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput() }, "schedule", "one of cron");
    }

    [Fact]
    public void Validate_TwoScheduleKinds_ReportsSchedule()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput { Cron = "* * * * *", IntervalSeconds = 5 } }, "schedule", "only one");
    }

    [Fact]
    public void Validate_BadCron_ReportsScheduleCron()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput { Cron = "61 * * * *" } }, "schedule.cron");
    }

    [Fact]
    public void Validate_BadTimeZone_ReportsScheduleTimeZone()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput { Cron = "* * * * *", TimeZone = "Nowhere/City" } }, "schedule.timeZone");
    }

    [Fact]
    public void Validate_IntervalOutOfRange_ReportsScheduleIntervalSeconds()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput { IntervalSeconds = 0 } }, "schedule.intervalSeconds");
    }

    [Fact]
    public void Validate_EndBeforeStart_ReportsScheduleEndAt()
    {
        var schedule = new ScheduleInput { IntervalSeconds = 5, StartAt = Now.AddDays(2), EndAt = Now.AddDays(1) };

        AssertSingleError(Valid() with { Schedule = schedule }, "schedule.endAt");
    }

    [Fact]
    public void Validate_CronNeverFiresAfterNow_ReportsScheduleCron()
    {
        var schedule = new ScheduleInput { Cron = "0 3 * * *", EndAt = Now.AddDays(-1) };

        AssertSingleError(Valid() with { Schedule = schedule }, "schedule.cron", "never fires");
    }

    [Fact]
    public void Validate_CronImpossibleDate_ReportsScheduleCron()
    {
        AssertSingleError(Valid() with { Schedule = new ScheduleInput { Cron = "0 0 30 2 *" } }, "schedule.cron");
    }

    [Fact]
    public void Validate_RunAtAndIntervalSchedules_AreValid()
    {
        Assert.True(JobInputValidator.Validate(Valid() with { Schedule = new ScheduleInput { RunAt = Now.AddHours(1) } }, Context).IsValid);
        Assert.True(JobInputValidator.Validate(Valid() with { Schedule = new ScheduleInput { IntervalSeconds = 30 } }, Context).IsValid);
    }

    [Fact]
    public void Validate_ScheduleInstants_AreTruncatedToMilliseconds()
    {
        var result = JobInputValidator.Validate(Valid() with { Schedule = new ScheduleInput { RunAt = Now.AddTicks(12_345) } }, Context);

        Assert.True(result.IsValid);
        Assert.Equal(Now.AddMilliseconds(1), result.Definition.Schedule.RunAt);
    }

    [Fact]
    public void Validate_MissingExecutorType_ReportsExecutorType()
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Handler = "noop" } }, "executor.type");
    }

    [Fact]
    public void Validate_UnknownExecutorType_ReportsExecutorType()
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Type = "ftp" } }, "executor.type", "http, shell, handler");
    }

    [Fact]
    public void Validate_Http_BuildsSpecWithDefaultMethod()
    {
        var executor = new ExecutorInput
        {
            Type = "http",
            Url = "https://example.com/x",
            Headers = new Dictionary<string, string> { ["X-Token"] = "abc" },
            SuccessStatusCodes = [200, 599],
        };

        var result = JobInputValidator.Validate(Valid() with { Executor = executor }, Context);

        Assert.True(result.IsValid);
        var http = Assert.IsType<HttpExecutorSpec>(result.Definition.Executor);
        Assert.Equal("POST", http.Method);
        Assert.Equal(new Uri("https://example.com/x"), http.Url);
    }

    [Fact]
    public void Validate_HttpLowercaseMethod_IsNormalized()
    {
        var result = JobInputValidator.Validate(Valid() with { Executor = new ExecutorInput { Type = "http", Url = "http://a.example", Method = "delete" } }, Context);

        Assert.Equal("DELETE", Assert.IsType<HttpExecutorSpec>(result.Definition?.Executor).Method);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a url")]
    [InlineData("/relative")]
    [InlineData("ftp://example.com")]
    [InlineData("file:///etc/passwd")]
    public void Validate_HttpBadUrl_ReportsExecutorUrl(string? url)
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Type = "http", Url = url } }, "executor.url");
    }

    [Fact]
    public void Validate_HttpBadMethod_ReportsExecutorMethod()
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Type = "http", Url = "https://a.example", Method = "TRACE" } }, "executor.method");
    }

    [Fact]
    public void Validate_HttpBadHeaderName_ReportsExecutorHeaders()
    {
        var executor = new ExecutorInput { Type = "http", Url = "https://a.example", Headers = new Dictionary<string, string> { ["Bad Name"] = "v" } };

        AssertSingleError(Valid() with { Executor = executor }, "executor.headers", "Bad Name");
    }

    [Fact]
    public void Validate_HttpHeaderValueWithNewline_ReportsThatHeader()
    {
        var executor = new ExecutorInput { Type = "http", Url = "https://a.example", Headers = new Dictionary<string, string> { ["X-A"] = "v\r\nInjected: 1" } };

        AssertSingleError(Valid() with { Executor = executor }, "executor.headers.X-A");
    }

    [Fact]
    public void Validate_HttpStatusCodeOutOfRange_ReportsIndexedPath()
    {
        var executor = new ExecutorInput { Type = "http", Url = "https://a.example", SuccessStatusCodes = [200, 99, 600] };

        var errors = Errors(Valid() with { Executor = executor });

        Assert.Equal(["executor.successStatusCodes[1]", "executor.successStatusCodes[2]"], errors.Keys);
    }

    [Fact]
    public void Validate_FieldsOfOtherTypes_ReportEachField()
    {
        var executor = new ExecutorInput { Type = "http", Url = "https://a.example", Command = "ls", Args = [], Handler = "noop" };

        var errors = Errors(Valid() with { Executor = executor });

        Assert.Equal(["executor.command", "executor.args", "executor.handler"], errors.Keys);
        Assert.Equal("not a field of http executors", errors["executor.command"][0]);
    }

    [Fact]
    public void Validate_Shell_BuildsSpec()
    {
        var executor = new ExecutorInput { Type = "shell", Command = "/usr/bin/env", Args = ["a", "b"], Env = new Dictionary<string, string> { ["A"] = "1" }, WorkingDirectory = "/tmp" };

        var result = JobInputValidator.Validate(Valid() with { Executor = executor }, Context);

        var shell = Assert.IsType<ShellExecutorSpec>(result.Definition?.Executor);
        Assert.Equal(["a", "b"], shell.Args);
        Assert.Equal("/tmp", shell.WorkingDirectory);
    }

    [Fact]
    public void Validate_ShellWithoutCommand_ReportsExecutorCommand()
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Type = "shell" } }, "executor.command");
    }

    [Fact]
    public void Validate_ShellDisabled_ReportsExecutorTypeWithHowToEnable()
    {
        var errors = Errors(Valid() with { Executor = new ExecutorInput { Type = "shell", Command = "ls", Url = "https://x" } }, Context with { ShellEnabled = false });

        Assert.Equal(["executor.type", "executor.url"], errors.Keys);
        Assert.Equal(
            "shell jobs are disabled; start the server with Executors:Shell:Enabled=true (env Executors__Shell__Enabled=true) to allow them",
            errors["executor.type"][0]);
    }

    [Fact]
    public void Validate_ShellBadEnvName_ReportsExecutorEnv()
    {
        var executor = new ExecutorInput { Type = "shell", Command = "ls", Env = new Dictionary<string, string> { ["A=B"] = "1" } };

        AssertSingleError(Valid() with { Executor = executor }, "executor.env");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    public void Validate_BadHandler_ReportsExecutorHandler(string? handler)
    {
        AssertSingleError(Valid() with { Executor = new ExecutorInput { Type = "handler", Handler = handler } }, "executor.handler");
    }

    [Theory]
    [InlineData(-101)]
    [InlineData(101)]
    public void Validate_PriorityOutOfRange_ReportsPriority(int priority)
    {
        AssertSingleError(Valid() with { Priority = priority }, "priority", "between -100 and 100");
    }

    [Theory]
    [InlineData(-100)]
    [InlineData(100)]
    public void Validate_PriorityAtBounds_IsValid(int priority)
    {
        Assert.True(JobInputValidator.Validate(Valid() with { Priority = priority }, Context).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    public void Validate_BadQueue_ReportsQueue(string queue)
    {
        AssertSingleError(Valid() with { Queue = queue }, "queue");
    }

    [Fact]
    public void Validate_QueueTooLong_ReportsQueue()
    {
        AssertSingleError(Valid() with { Queue = new string('q', 101) }, "queue");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(604801)]
    public void Validate_TimeoutOutOfRange_ReportsTimeoutSeconds(int seconds)
    {
        AssertSingleError(Valid() with { TimeoutSeconds = seconds }, "timeoutSeconds");
    }

    [Fact]
    public void Validate_Retry_BuildsPolicy()
    {
        var retry = new RetryInput { MaxAttempts = 5, BackoffSeconds = 0.5, BackoffMultiplier = 1, MaxBackoffSeconds = 60 };

        var policy = JobInputValidator.Validate(Valid() with { Retry = retry }, Context).Definition?.Retry;

        Assert.NotNull(policy);
        Assert.Equal(5, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.Backoff);
        Assert.Equal(1, policy.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(60), policy.MaxBackoff);
    }

    [Theory]
    [InlineData(0, null, null, null, "retry.maxAttempts")]
    [InlineData(101, null, null, null, "retry.maxAttempts")]
    [InlineData(null, -0.1, null, null, "retry.backoffSeconds")]
    [InlineData(null, 86400.5, null, null, "retry.backoffSeconds")]
    [InlineData(null, null, 0.9, null, "retry.backoffMultiplier")]
    [InlineData(null, null, 10.1, null, "retry.backoffMultiplier")]
    [InlineData(null, null, null, 86401.0, "retry.maxBackoffSeconds")]
    [InlineData(null, 30.0, null, 10.0, "retry.maxBackoffSeconds")]
    public void Validate_RetryOutOfRange_ReportsField(int? maxAttempts, double? backoff, double? multiplier, double? maxBackoff, string key)
    {
        var retry = new RetryInput { MaxAttempts = maxAttempts, BackoffSeconds = backoff, BackoffMultiplier = multiplier, MaxBackoffSeconds = maxBackoff };

        AssertSingleError(Valid() with { Retry = retry }, key);
    }

    [Fact]
    public void Validate_BackoffAboveDefaultCapWithoutCap_RaisesCap()
    {
        var policy = JobInputValidator.Validate(Valid() with { Retry = new RetryInput { BackoffSeconds = 900 } }, Context).Definition?.Retry;

        Assert.Equal(TimeSpan.FromSeconds(900), policy?.MaxBackoff);
    }

    [Fact]
    public void Validate_PayloadOverLimit_ReportsPayload()
    {
        var big = JsonSerializer.SerializeToElement(new string('x', 256 * 1024));

        AssertSingleError(Valid() with { Payload = big }, "payload", "256 KiB");
    }

    [Fact]
    public void Validate_PayloadAnyJson_IsKept()
    {
        var payload = JsonSerializer.SerializeToElement(new[] { 1, 2 });

        var result = JobInputValidator.Validate(Valid() with { Payload = payload }, Context);

        Assert.Equal("[1,2]", result.Definition?.Payload?.GetRawText());
    }

    [Fact]
    public void Validate_EnumsAndPaused_AreKept()
    {
        var input = Valid() with { ConcurrencyPolicy = ConcurrencyPolicy.Replace, MisfirePolicy = MisfirePolicy.Skip, Paused = true };

        var definition = JobInputValidator.Validate(input, Context).Definition;

        Assert.Equal(ConcurrencyPolicy.Replace, definition?.ConcurrencyPolicy);
        Assert.Equal(MisfirePolicy.Skip, definition?.MisfirePolicy);
        Assert.True(definition?.Paused);
    }

    [Fact]
    public void Validate_ResponseOfValidJob_ValidatesToSameDefinition()
    {
        var input = Valid() with
        {
            Executor = new ExecutorInput { Type = "http", Url = "https://a.example/x", Headers = new Dictionary<string, string> { ["X-T"] = "1" } },
            Retry = new RetryInput { MaxAttempts = 3, BackoffSeconds = 1.5 },
            Schedule = new ScheduleInput { Cron = "*/5 * * * * *", TimeZone = "Europe/Berlin" },
        };
        var first = JobInputValidator.Validate(input, Context).Definition!;
        var job = new Job { Id = Guid.CreateVersion7(Now), Definition = first, CreatedAt = Now, UpdatedAt = Now, Version = 1 };
        var json = JsonSerializer.Serialize(JobResponse.From(job), GnomonJson.Options);

        var again = JobInputValidator.Validate(JsonSerializer.Deserialize<JobInput>(json, GnomonJson.InputOptions), Context).Definition!;

        Assert.Equal(first.Schedule, again.Schedule);
        Assert.Equal(first.Retry, again.Retry);
        Assert.Equal(first.Timeout, again.Timeout);
        var http = Assert.IsType<HttpExecutorSpec>(again.Executor);
        Assert.Equal("1", http.Headers?["X-T"]);
    }
}
