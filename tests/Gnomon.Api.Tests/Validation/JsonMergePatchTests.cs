using System.Text.Json.Nodes;
using Gnomon.Api.Validation;

namespace Gnomon.Api.Tests.Validation;

public sealed class JsonMergePatchTests
{
    private static string Apply(string target, string patch) =>
        JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch))?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7396Examples_ProduceExpected(string target, string patch, string expected)
    {
        Assert.Equal(expected, Apply(target, patch));
    }

    [Fact]
    public void Apply_NestedMerge_KeepsUntouchedSiblings()
    {
        var result = Apply(
            """{"schedule":{"cron":"* * * * *","timeZone":"UTC"},"retry":{"maxAttempts":3}}""",
            """{"schedule":{"timeZone":"Europe/Berlin"}}""");

        Assert.Equal("""{"schedule":{"cron":"* * * * *","timeZone":"Europe/Berlin"},"retry":{"maxAttempts":3}}""", result);
    }

    [Fact]
    public void Apply_DoesNotModifyPatch()
    {
        var patch = JsonNode.Parse("""{"a":{"b":1}}""")!;

        JsonMergePatch.Apply(JsonNode.Parse("{}"), patch);

        Assert.Equal("""{"a":{"b":1}}""", patch.ToJsonString());
    }
}
