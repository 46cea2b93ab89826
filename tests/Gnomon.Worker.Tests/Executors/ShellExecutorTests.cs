using System.Diagnostics;
using System.Globalization;
using Gnomon.Domain.Executors;
using Gnomon.Worker.Executors;
using Microsoft.Extensions.DependencyInjection;

namespace Gnomon.Worker.Tests.Executors;

public sealed class ShellExecutorTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("gnomon-shell-").FullName;
    private ServiceProvider _provider = null!;

    public Task InitializeAsync()
    {
        _provider = ExecutorTestHost.Create(new Dictionary<string, string?>
        {
            ["Executors:Shell:Enabled"] = "true",
            ["Executors:MaxOutputBytes"] = "4096",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private IExecutor Executor => _provider.Executor(ShellExecutorSpec.TypeName);

    private Task<ExecutionOutcome> RunAsync(ShellExecutorSpec spec, CancellationToken cancellationToken = default) =>
        Executor.ExecuteAsync(ExecutorTestHost.Request(spec), cancellationToken).Within(s_deadline);

    private static ShellExecutorSpec Sh(string script) => new() { Command = "/bin/sh", Args = ["-c", script] };

    [Fact]
    public async Task ExecuteAsync_Echo_CapturesOutputAndSucceeds()
    {
        var outcome = await RunAsync(new ShellExecutorSpec { Command = "/bin/echo", Args = ["hello", "$HOME; rm -rf /"] });

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(0, (int)outcome.Result!["exitCode"]!);
        Assert.Equal("hello $HOME; rm -rf /\n", outcome.Output);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task ExecuteAsync_StdoutAndStderr_AreBothCaptured()
    {
        var outcome = await RunAsync(Sh("echo out; echo err >&2"));

        Assert.Contains("out\n", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("err\n", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ExitCode3_FailsWithExitCode()
    {
        var outcome = await RunAsync(Sh("echo before failing; exit 3"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(3, (int)outcome.Result!["exitCode"]!);
        Assert.Equal("before failing\n", outcome.Output);
        Assert.Contains("code 3", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Disabled_IsRefused()
    {
        await using var provider = ExecutorTestHost.Create();
        var marker = Path.Combine(_directory, "ran");

        var outcome = await provider.Executor(ShellExecutorSpec.TypeName)
            .ExecuteAsync(ExecutorTestHost.Request(Sh($"touch '{marker}'")), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("shell executor is disabled on this worker; enable with Executors:Shell:Enabled=true", outcome.Error);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_KillsTheWholeProcessTreeAndThrows()
    {
        var pidFile = Path.Combine(_directory, "shell.pid");
        using var cts = new CancellationTokenSource();
        var running = Executor.ExecuteAsync(
            ExecutorTestHost.Request(Sh($"echo $$ > '{pidFile}'; sleep 30 & sleep 30")), cts.Token);

        // Wait until the shell and both sleeps exist (dash may exec the last sleep in place of itself).
        IReadOnlyList<(int Pid, string Command)> tree = [];
        var deadline = Stopwatch.StartNew();
        while (tree.Count(p => p.Command == "sleep") < 2)
        {
            Assert.True(deadline.Elapsed < s_deadline, "the process tree did not start");
            Assert.False(running.IsCompleted, "the execution ended early");
            await Task.Delay(20);
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var shellPid))
            {
                tree = ProcessTable.SelfAndDescendants(shellPid);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Within(s_deadline));
        // Far below the 30 s the tree would otherwise live; not a tight timing bound, which a loaded CI machine
        // (every test assembly at once on two cores) stretched past one second once.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");

        deadline.Restart();
        while (tree.Any(p => !ProcessTable.IsDead(p.Pid)))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(5),
                $"still alive: {string.Join(", ", tree.Where(p => !ProcessTable.IsDead(p.Pid)))}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ExecuteAsync_EnvAndWorkingDirectory_AreApplied()
    {
        var outcome = await RunAsync(new ShellExecutorSpec
        {
            Command = "/bin/sh",
            Args = ["-c", "echo \"$GREETING\"; pwd"],
            Env = new Dictionary<string, string> { ["GREETING"] = "hi there" },
            WorkingDirectory = _directory,
        });

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal($"hi there\n{_directory}\n", outcome.Output);
    }

    [Fact]
    public async Task ExecuteAsync_EnvOverlay_KeepsTheWorkersEnvironment()
    {
        var outcome = await RunAsync(new ShellExecutorSpec
        {
            Command = "/bin/sh",
            Args = ["-c", "echo \"$PATH\""],
            Env = new Dictionary<string, string> { ["OTHER"] = "x" },
        });

        Assert.Equal(Environment.GetEnvironmentVariable("PATH") + "\n", outcome.Output);
    }

    [Fact]
    public async Task ExecuteAsync_MissingWorkingDirectory_FailsWithClearError()
    {
        var missing = Path.Combine(_directory, "missing");

        var outcome = await RunAsync(new ShellExecutorSpec { Command = "/bin/echo", WorkingDirectory = missing });

        Assert.False(outcome.Succeeded);
        Assert.Contains($"working directory '{missing}' does not exist", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_HugeOutput_IsTruncatedWithoutDeadlock()
    {
        var outcome = await RunAsync(Sh("head -c 20000000 /dev/zero | tr '\\0' a; head -c 20000000 /dev/zero >&2; echo done"));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(new string('a', 4096) + BoundedOutput.TruncationMarker, outcome.Output);
    }

    [Fact]
    public async Task ExecuteAsync_CommandNotFound_FailsWithClearError()
    {
        var outcome = await RunAsync(new ShellExecutorSpec { Command = "gnomon-no-such-command" });

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Result);
        Assert.Contains("command 'gnomon-no-such-command' could not be started", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_BackgroundChildKeepsPipesOpen_StillReturns()
    {
        var pidFile = Path.Combine(_directory, "bg.pid");

        var outcome = await RunAsync(Sh($"sleep 30 & echo $! > '{pidFile}'; echo started"));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("started\n", outcome.Output);
        Process.GetProcessById(int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture)).Kill();
    }
}
