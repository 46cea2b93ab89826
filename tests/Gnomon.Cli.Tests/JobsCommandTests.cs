namespace Gnomon.Cli.Tests;

/// <summary><c>gnomon ctl jobs …</c> through the built binary: output, JSON and exit codes.</summary>
public sealed class JobsCommandTests(CtlServer server) : IClassFixture<CtlServer>
{
    private readonly string _name = "ctl-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_FromOptions_PrintsTheJobAsJsonThatGetAgrees()
    {
        var created = await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--cron", "0 0 9 * * MON", "--tz", "Europe/Berlin", "--handler", "noop", "--label", "team=ops", "-o", "json");
        var got = await server.Ctl.RunAsync("jobs", "get", _name, "-o", "json");
        var table = await server.Ctl.RunAsync("jobs", "get", _name);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(created.Json().GetProperty("id").GetString(), got.Json().GetProperty("id").GetString());
        Assert.Equal("Europe/Berlin", got.Json().GetProperty("schedule").GetProperty("timeZone").GetString());
        Assert.Equal("ops", got.Json().GetProperty("labels").GetProperty("team").GetString());
        Assert.Matches(@"nextFireAt"": ""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z""", got.Output);
        Assert.Contains("0 0 9 * * MON (Europe/Berlin)", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TakenName_ExitsWithConflict()
    {
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--every", "60", "--handler", "noop")).ExitCode);

        var again = await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--every", "60", "--handler", "noop");

        Assert.Equal(4, again.ExitCode);
        Assert.Contains("name: is already used", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--cron", "61 * * * * *", "--handler", "noop" }, "schedule.cron")]
    [InlineData(new[] { "--cron", "* * * * *", "--every", "5", "--handler", "noop" }, "--cron and --every cannot be combined")]
    [InlineData(new[] { "--cron", "* * * * *" }, "an executor is required")]
    [InlineData(new[] { "--every", "5", "--handler", "noop", "--tz", "UTC" }, "--tz applies only with --cron")]
    [InlineData(new[] { "--every", "5", "--handler", "noop", "--colour", "red" }, "--colour")]
    public async Task Create_BadInput_ExitsWithUsageNamingIt(string[] options, string expected)
    {
        var run = await server.Ctl.RunAsync(["jobs", "create", "--name", _name, .. options]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPauseTriggerDelete_UnknownJob_ExitWithNotFound()
    {
        foreach (var verb in new[] { "get", "pause", "resume", "trigger", "delete", "next-fires" })
        {
            var run = await server.Ctl.RunAsync("jobs", verb, "no-such-job");
            Assert.True(run.ExitCode == 3, $"{verb}: {run}");
        }
    }

    [Fact]
    public async Task PauseResumeNextFires_Job_ChangeAndShowItsState()
    {
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--every", "30", "--handler", "noop")).ExitCode);

        var paused = await server.Ctl.RunAsync("jobs", "pause", _name, "-o", "json");
        var list = await server.Ctl.RunAsync("jobs", "list", "--paused", "true", "-q", _name, "-o", "json");
        var resumed = await server.Ctl.RunAsync("jobs", "resume", _name);
        var fires = await server.Ctl.RunAsync("jobs", "next-fires", _name, "--count", "3", "-o", "json");

        Assert.True(paused.Json().GetProperty("paused").GetBoolean());
        Assert.Equal(_name, Assert.Single(list.Json().EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains($"job {_name} resumed", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(3, fires.Json().GetProperty("fires").GetArrayLength());
    }

    [Fact]
    public async Task TriggerWait_SucceedingAndFailingJobs_ExitZeroAndOne()
    {
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--cron", "0 0 0 1 1 *", "--handler", "noop")).ExitCode);
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name + "-f", "--cron", "0 0 0 1 1 *", "--command", "/bin/false")).ExitCode);

        var ok = await server.Ctl.RunAsync("jobs", "trigger", _name, "--wait", "-o", "json");
        var failed = await server.Ctl.RunAsync("jobs", "trigger", _name + "-f", "--wait");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("succeeded", ok.Json().GetProperty("status").GetString());
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("failed", failed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_LimitBelowTheCount_SaysThereIsMoreOnTheErrorStream()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", $"{_name}-{i}", "--every", "60", "--handler", "noop")).ExitCode);
        }

        var two = await server.Ctl.RunAsync("jobs", "list", "-q", _name, "--limit", "2", "-o", "json");
        var all = await server.Ctl.RunAsync("jobs", "list", "-q", _name, "--all");

        Assert.Equal(2, two.Json().GetArrayLength());
        Assert.Contains("the first 2 jobs", two.Error, StringComparison.Ordinal);
        Assert.Equal(4, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Matches(@"^NAME\s+SCHEDULE\s+QUEUE\s+STATE\s+NEXT FIRE\s+LAST", all.Output);
    }

    [Fact]
    public async Task Delete_Job_IsGoneAfterwards()
    {
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--every", "60", "--handler", "noop")).ExitCode);

        var deleted = await server.Ctl.RunAsync("jobs", "delete", _name, "--if-match", "\"1\"");
        var get = await server.Ctl.RunAsync("jobs", "get", _name);

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(3, get.ExitCode);
    }

    [Fact]
    public async Task Delete_StaleIfMatch_ExitsWithConflict()
    {
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "create", "--name", _name, "--every", "60", "--handler", "noop")).ExitCode);
        Assert.Equal(0, (await server.Ctl.RunAsync("jobs", "pause", _name)).ExitCode);

        var deleted = await server.Ctl.RunAsync("jobs", "delete", _name, "--if-match", "\"1\"");

        Assert.Equal(4, deleted.ExitCode);
    }
}
