using Gnomon.Cli.Apply;
using Gnomon.Client.Jobs;
using Gnomon.Client.Schedules;

namespace Gnomon.Cli.Tests;

/// <summary>The defaults apply fills in are the server's: a minimal job and what the server stored for it compare equal.</summary>
public sealed class JobDefaultsTests(CtlServer server) : IClassFixture<CtlServer>
{
    public static TheoryData<string> Executors => ["handler", "http", "shell"];

    [Theory]
    [MemberData(nameof(Executors))]
    public async Task Complete_MinimalJob_EqualsWhatTheServerStored(string type)
    {
        var minimal = new JobDefinition
        {
            Name = $"defaults-{type}-{Guid.NewGuid():N}"[..40],
            Schedule = Schedule.FromCron("0 0 * * * *"),
            Executor = type switch
            {
                "http" => new HttpExecutor { Url = "http://127.0.0.1:9/x" },
                "shell" => new ShellExecutor { Command = "/bin/true" },
                _ => new HandlerExecutor { Handler = "noop" },
            },
        };

        var stored = await server.Client.CreateJobAsync(minimal);

        Assert.Empty(JobDiff.Between(JobDefaults.Complete(stored.ToDefinition()), JobDefaults.Complete(minimal)));
    }

    [Fact]
    public async Task Complete_IntervalJobWithLargeBackoff_EqualsWhatTheServerStored()
    {
        var minimal = new JobDefinition
        {
            Name = $"defaults-retry-{Guid.NewGuid():N}"[..40],
            Schedule = Schedule.Every(TimeSpan.FromMinutes(5)),
            Executor = new HandlerExecutor { Handler = "noop" },
            Retry = new RetryPolicy { MaxAttempts = 2, BackoffSeconds = 900 },
        };

        var stored = await server.Client.CreateJobAsync(minimal);

        Assert.Empty(JobDiff.Between(JobDefaults.Complete(stored.ToDefinition()), JobDefaults.Complete(minimal)));
    }

    [Fact]
    public void Between_ReorderedLabelsAndChangedField_ReportsOnlyTheField()
    {
        var a = new JobDefinition { Name = "x", Schedule = Schedule.FromCron("* * * * *"), Executor = new HandlerExecutor { Handler = "noop" }, Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };
        var b = a with { Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, Priority = 5 };

        var change = Assert.Single(JobDiff.Between(a, b));

        Assert.Equal(new FieldChange("priority", null, "5"), change);
    }
}
