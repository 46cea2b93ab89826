using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Tests;

/// <summary><c>gnomon ctl apply</c> through the built binary against a real server.</summary>
public sealed class ApplyTests(CtlServer server) : IClassFixture<CtlServer>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gnomon-apply-");
    private readonly string _prefix = "apply-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Apply_SameFilesTwice_CreatesThenChangesNothingAndSaysSo()
    {
        WriteJobs();

        var first = await server.Ctl.RunAsync("apply", "-f", _dir.FullName);
        var second = await server.Ctl.RunAsync("apply", "-f", _dir.FullName);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("3 created", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.Output.Contains("nothing to change: 3 jobs as the files say", StringComparison.Ordinal), second.ToString());
        var job = await server.Client.GetJobAsync($"{_prefix}-b");
        Assert.Equal("ctl-apply", job.Labels["gnomon/managed-by"]);
        Assert.Equal("ops", job.Labels["team"]);
        Assert.Equal(3, job.Retry.MaxAttempts);
    }

    [Fact]
    public async Task Apply_DryRunOfAChangedFile_PrintsTheFieldAndChangesNothing()
    {
        WriteJobs();
        Assert.Equal(0, (await server.Ctl.RunAsync("apply", "-f", _dir.FullName)).ExitCode);
        WriteJobs(description: "changed");

        var dry = await server.Ctl.RunAsync("apply", "-f", _dir.FullName, "--dry-run");
        var json = await server.Ctl.RunAsync("apply", "-f", _dir.FullName, "--dry-run", "-o", "json");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains($"job {_prefix}-a configured (dry run)", dry.Output, StringComparison.Ordinal);
        Assert.Contains("description: \"first\" → \"changed\"", dry.Output, StringComparison.Ordinal);
        var a = json.Json().GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == $"{_prefix}-a");
        Assert.Equal("configured", a.GetProperty("action").GetString());
        Assert.Equal("description", a.GetProperty("changes")[0].GetProperty("field").GetString());
        Assert.Equal("first", (await server.Client.GetJobAsync($"{_prefix}-a")).Description);
    }

    [Fact]
    public async Task Apply_JobPausedElsewhere_StaysPausedWhenTheFileSaysNothing()
    {
        WriteJobs();
        Assert.Equal(0, (await server.Ctl.RunAsync("apply", "-f", _dir.FullName)).ExitCode);
        await server.Client.PauseJobAsync($"{_prefix}-a");

        var again = await server.Ctl.RunAsync("apply", "-f", _dir.FullName);

        Assert.Contains($"job {_prefix}-a unchanged", again.Output, StringComparison.Ordinal);
        Assert.True((await server.Client.GetJobAsync($"{_prefix}-a")).Paused);
    }

    [Fact]
    public async Task Apply_ChangedJob_ReplacesItAndKeepsItsId()
    {
        WriteJobs();
        Assert.Equal(0, (await server.Ctl.RunAsync("apply", "-f", _dir.FullName)).ExitCode);
        var before = await server.Client.GetJobAsync($"{_prefix}-c");
        WriteJobs(cronOfC: "0 0 * * * *");

        var run = await server.Ctl.RunAsync("apply", "-f", _dir.FullName);

        Assert.Contains("1 configured, 2 unchanged", run.Output, StringComparison.Ordinal);
        var after = await server.Client.GetJobAsync($"{_prefix}-c");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("0 0 * * * *", after.Schedule.Cron);
    }

    [Theory]
    [InlineData("name: x\nschedule:\n  cron: */5 * * * * *\nexecutor: {type: handler, handler: noop}\n", "quote a cron expression")]
    [InlineData("name: x\nschedule: {cron: '* * * * *'}\nexecutor: {type: handler, handler: noop}\npriorty: 3\n", "priorty")]
    [InlineData("name: x\nschedule: {cron: '* * * * *'}\n", "executor: is required")]
    [InlineData("- 1\n- 2\n", "a job must be an object")]
    public async Task Apply_BadFile_ExitsWithUsageNamingTheProblem(string yaml, string expected)
    {
        var file = Path.Combine(_dir.FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var run = await server.Ctl.RunAsync("apply", "-f", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains("bad.yaml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_InvalidCron_ExitsWithUsageNamingTheFieldAsTheApiDoes()
    {
        var file = Path.Combine(_dir.FullName, "cron.json");
        await File.WriteAllTextAsync(file, $$"""
            {"name":"{{_prefix}}-bad","schedule":{"cron":"61 * * * * *"},"executor":{"type":"handler","handler":"noop"} }
            """);

        var run = await server.Ctl.RunAsync("apply", "-f", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("schedule.cron", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client.FindJobAsync($"{_prefix}-bad"));
    }

    [Fact]
    public async Task Apply_SameNameInTwoFiles_ExitsWithUsageNamingBoth()
    {
        WriteJobs();
        File.Copy(Path.Combine(_dir.FullName, "c.json"), Path.Combine(_dir.FullName, "d.json"));

        var run = await server.Ctl.RunAsync("apply", "-f", _dir.FullName);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("c.json and", run.Error, StringComparison.Ordinal);
        Assert.Null(await server.Client.FindJobAsync($"{_prefix}-a"));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Two jobs in a YAML list and one in a JSON file.</summary>
    private void WriteJobs(string description = "first", string cronOfC = "*/10 * * * * *")
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "ab.yaml"), $"""
            - name: {_prefix}-a
              description: {description}
              schedule:
                cron: "*/10 * * * * *"
              executor: {"{"}type: handler, handler: noop{"}"}
            - name: {_prefix}-b
              schedule: {"{"}intervalSeconds: 60{"}"}
              executor:
                type: http
                url: http://127.0.0.1:9/hook
              retry: {"{"}maxAttempts: 3{"}"}
              labels: {"{"}team: ops{"}"}
            """);
        File.WriteAllText(Path.Combine(_dir.FullName, "c.json"), $$"""
            {"name":"{{_prefix}}-c","schedule":{"cron":"{{cronOfC}}","timeZone":"Europe/Berlin"},
             "executor":{"type":"shell","command":"/bin/true"},"misfirePolicy":"skip"}
            """);
    }
}
