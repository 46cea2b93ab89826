using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Cli.Tests;

/// <summary><c>apply --prune</c>, on a server of its own: prune sees every job apply manages there.</summary>
public sealed class ApplyPruneTests(CtlServer server) : IClassFixture<CtlServer>, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gnomon-prune-");

    [Fact]
    public async Task Apply_PruneWithOneJobLeft_DeletesOnlyTheManagedJobNoFileNames()
    {
        var file = Path.Combine(_dir.FullName, "jobs.json");
        await File.WriteAllTextAsync(file, """[{"name":"keep","schedule":{"cron":"* * * * *"},"executor":{"type":"handler","handler":"noop"}},{"name":"drop","schedule":{"cron":"* * * * *"},"executor":{"type":"handler","handler":"noop"}}]""");
        Assert.Equal(0, (await server.Ctl.RunAsync("apply", "-f", file)).ExitCode);
        await server.Client.CreateJobAsync(new JobDefinition { Name = "by-hand", Schedule = Schedule.FromCron("* * * * *"), Executor = new HandlerExecutor { Handler = "noop" } });
        await File.WriteAllTextAsync(file, """{"name":"keep","schedule":{"cron":"* * * * *"},"executor":{"type":"handler","handler":"noop"}}""");

        var dry = await server.Ctl.RunAsync("apply", "-f", file, "--prune", "--dry-run");
        var run = await server.Ctl.RunAsync("apply", "-f", file, "--prune");

        Assert.Contains("job drop pruned (dry run)", dry.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("job keep unchanged", run.Output, StringComparison.Ordinal);
        Assert.Contains("job drop pruned", run.Output, StringComparison.Ordinal);
        Assert.Null(await server.Client.FindJobAsync("drop"));
        Assert.NotNull(await server.Client.FindJobAsync("keep"));
        Assert.NotNull(await server.Client.FindJobAsync("by-hand"));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
