using Gnomon.Client.Executions;
using Gnomon.Testing;

namespace Gnomon.Cli.Tests;

/// <summary><c>gnomon ctl executions …</c> through the built binary.</summary>
public sealed class ExecutionsCommandTests(CtlServer server) : IClassFixture<CtlServer>
{
    private readonly string _name = "ctl-exec-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ListAndGet_TriggeredExecution_ShowItWithItsAttempt()
    {
        await CreateAsync("--handler", "noop");
        var id = (await server.Ctl.RunAsync("jobs", "trigger", _name, "--wait", "-o", "json")).Json().GetProperty("id").GetString()!;

        var list = await server.Ctl.RunAsync("executions", "list", "--job", _name, "--status", "succeeded", "-o", "json");
        var table = await server.Ctl.RunAsync("executions", "list", "--job", _name);
        var get = await server.Ctl.RunAsync("executions", "get", id);

        Assert.Equal(id, Assert.Single(list.Json().EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains(id, table.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ATTEMPT\s+WORKER\s+STARTED", get.Output);
        Assert.Matches(@"(?m)^trigger:\s+manual", get.Output);
    }

    [Fact]
    public async Task Cancel_RunningThenFinished_CancelsThenExitsWithConflict()
    {
        await CreateAsync("--command", "/bin/sleep", "--arg", "30");
        var id = (await server.Ctl.RunAsync("jobs", "trigger", _name, "-o", "json")).Json().GetProperty("id").GetString()!;
        await Eventually.WaitAsync(async () => (await server.Client.GetExecutionAsync(Guid.Parse(id))).Status == ExecutionStatus.Running, "the execution to run");

        var cancel = await server.Ctl.RunAsync("executions", "cancel", id);
        await Eventually.WaitAsync(async () => (await server.Client.GetExecutionAsync(Guid.Parse(id))).IsFinished, "the execution to stop");
        var again = await server.Ctl.RunAsync("executions", "cancel", id);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains($"execution {id}", cancel.Output, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Cancelled, (await server.Client.GetExecutionAsync(Guid.Parse(id))).Status);
        Assert.Equal(4, again.ExitCode);
    }

    [Fact]
    public async Task Get_BadOrUnknownId_ExitsWithUsageOrNotFound()
    {
        var bad = await server.Ctl.RunAsync("executions", "get", "not-a-uuid");
        var unknown = await server.Ctl.RunAsync("executions", "get", Guid.CreateVersion7().ToString());

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not-a-uuid", bad.Error, StringComparison.Ordinal);
        Assert.Equal(3, unknown.ExitCode);
    }

    [Fact]
    public async Task Watch_JobFiringEverySecond_PrintsOneJsonObjectPerLine()
    {
        await CreateAsync("--handler", "noop", "--every", "1");

        var watch = await server.Ctl.RunAsync("executions", "watch", "--job", _name, "--count", "3", "--interval", "0.2", "-o", "json");

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal(_name, System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("jobName").GetString()));
    }

    [Fact]
    public async Task Watch_Table_KeepsItsColumnsUnderTheirHeadings()
    {
        await CreateAsync("--handler", "noop", "--every", "1");

        var watch = await server.Ctl.RunAsync("executions", "watch", "--job", _name, "--count", "3", "--interval", "0.2");

        Assert.True(watch.ExitCode == 0, watch.ToString());
        var lines = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        var (job, status, id) = (lines[0].IndexOf("JOB", StringComparison.Ordinal), lines[0].IndexOf("STATUS", StringComparison.Ordinal), lines[0].IndexOf("ID", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l =>
        {
            Assert.Equal(job, l.IndexOf(_name, StringComparison.Ordinal));
            Assert.Matches("^(pending|running|succeeded) ", l[status..]);
            Assert.True(Guid.TryParse(l.AsSpan(id, 36), out _), l);
        });
    }

    private async Task CreateAsync(params string[] executor)
    {
        var schedule = executor.Contains("--every") ? Array.Empty<string>() : ["--cron", "0 0 0 1 1 *"];
        var run = await server.Ctl.RunAsync(["jobs", "create", "--name", _name, .. schedule, .. executor]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
