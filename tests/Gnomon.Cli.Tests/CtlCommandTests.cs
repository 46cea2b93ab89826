namespace Gnomon.Cli.Tests;

/// <summary><c>gnomon ctl</c> itself: nodes, cron explain, the server and key options.</summary>
public sealed class CtlCommandTests(CtlServer server) : IClassFixture<CtlServer>
{
    [Fact]
    public async Task Nodes_OneNode_IsAliveInTableAndJson()
    {
        var table = await server.Ctl.RunAsync("nodes");
        var json = await server.Ctl.RunAsync("nodes", "-o", "json");

        Assert.Matches(@"(?m)^ID\s+ROLES\s+HOST", table.Output);
        Assert.Contains("alive", table.Output, StringComparison.Ordinal);
        Assert.Equal("alive", Assert.Single(json.Json().EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CronExplain_WeeklyAcrossSpringForward_MarksTheChange()
    {
        var run = await server.Ctl.RunAsync("cron", "explain", "0 30 2 * * SUN", "--tz", "Europe/Berlin", "--count", "30");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("DST: clocks forward, +01:00 → +02:00", run.Output, StringComparison.Ordinal);
        Assert.Contains("DST: clocks back, +02:00 → +01:00", (await server.Ctl.RunAsync("cron", "explain", "0 0 12 * * SUN", "--tz", "Europe/Berlin", "--count", "52")).Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad", "schedule.cron")]
    [InlineData("* * * * *", "schedule.timeZone", "--tz", "Mars/Base")]
    public async Task CronExplain_Invalid_ExitsWithUsageNamingTheField(string expression, string field, params string[] extra)
    {
        var run = await server.Ctl.RunAsync(["cron", "explain", expression, .. extra]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(field, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_NothingListening_ExitsWithFailureSayingWhere()
    {
        var run = await new Ctl(new Uri("http://127.0.0.1:1/")).RunAsync("nodes");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach http://127.0.0.1:1/", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--server", "nonsense")]
    [InlineData("-o", "yaml")]
    [InlineData("--limit", "0")]
    public async Task Options_BadValue_ExitsWithUsage(string option, string value)
    {
        var run = await server.Ctl.RunAsync("jobs", "list", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option.TrimStart('-').Length > 1 ? option : value, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Jobs_ListsEverySubcommand()
    {
        var run = await server.Ctl.RunAsync("jobs", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "list", "get", "create", "delete", "pause", "resume", "trigger", "next-fires" })
        {
            Assert.Matches($@"(?m)^\s+{verb}\b", run.Output);
        }
    }
}
