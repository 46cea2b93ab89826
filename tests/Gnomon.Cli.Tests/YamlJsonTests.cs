using Gnomon.Cli.Apply;

namespace Gnomon.Cli.Tests;

public sealed class YamlJsonTests
{
    [Fact]
    public void Documents_PlainAndQuotedScalars_AreTypedAsYaml12CoreSays()
    {
        var node = Assert.Single(YamlJson.Documents("a: 12\nb: '12'\nc: true\nd: null\ne: 1.5\nf: 0 0 * * *\ng: \"yes\"\n", "t.yaml"))!;

        Assert.Equal("""{"a":12,"b":"12","c":true,"d":null,"e":1.5,"f":"0 0 * * *","g":"yes"}""", node.ToJsonString());
    }

    [Fact]
    public void Documents_SeveralDocuments_AreEachReturned()
    {
        var documents = YamlJson.Documents("name: a\n---\nname: b\n", "t.yaml");

        Assert.Equal(["a", "b"], documents.Select(d => (string?)d!["name"]));
    }

    [Fact]
    public void Documents_KeyGivenTwice_IsAUsageErrorNamingLineAndKey()
    {
        var ex = Assert.Throws<CtlUsageException>(() => YamlJson.Documents("name: a\nname: b\n", "t.yaml"));

        Assert.Equal("t.yaml: line 2: Duplicate key name", ex.Message);
    }

    [Fact]
    public void Documents_UnquotedCron_SaysToQuoteIt()
    {
        var ex = Assert.Throws<CtlUsageException>(() => YamlJson.Documents("schedule:\n  cron: */5 * * * * *\n", "t.yaml"));

        Assert.StartsWith("t.yaml: line 2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("quote a cron expression", ex.Message, StringComparison.Ordinal);
    }
}
