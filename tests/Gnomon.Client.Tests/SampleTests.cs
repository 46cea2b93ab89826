using Gnomon.Client.Executions;
using Gnomon.Samples.Client;

namespace Gnomon.Client.Tests;

public sealed class SampleTests(ClientServer server) : IClassFixture<ClientServer>
{
    [Fact]
    public async Task FirstExecution_RunTwice_UpsertsTheJobAndSeesASucceededExecution()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var output = new StringWriter();

        var first = await FirstExecution.RunAsync(server.Client, "sample-test", output, stop.Token);
        var second = await FirstExecution.RunAsync(server.Client, "sample-test", output, stop.Token);

        Assert.Equal(ExecutionStatus.Succeeded, first.Status);
        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
        Assert.Contains("created job sample-test", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("updated job sample-test", output.ToString(), StringComparison.Ordinal);
    }
}
