namespace Gnomon.Cli.Tests;

/// <summary><c>--api-key</c> and <c>GNOMON_API_KEY</c> against a node that requires a key.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "ctl-test-key-0123456789abcdef";

    [Fact]
    public async Task ApiKey_OptionOrEnvironment_IsSentAndNoKeyFails()
    {
        await using var host = await GnomonTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:AllowAnonymous"] = "false",
            ["Security:ApiKeys:0"] = Key,
        });
        var ctl = new Ctl(host.BaseAddress);

        var none = await ctl.RunAsync("nodes");
        var option = await ctl.RunAsync("nodes", "--api-key", Key);
        var environment = await ctl.RunAsync(new Dictionary<string, string> { ["GNOMON_API_KEY"] = Key }, "nodes");

        Assert.Equal(1, none.ExitCode);
        Assert.Contains("401", none.Error, StringComparison.Ordinal);
        Assert.True(option.ExitCode == 0, option.ToString());
        Assert.True(environment.ExitCode == 0, environment.ToString());
    }
}
