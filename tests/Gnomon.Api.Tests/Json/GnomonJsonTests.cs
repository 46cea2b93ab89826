using System.Text.Json;
using Gnomon.Api.Json;
using Gnomon.Domain.Executions;
using Gnomon.Domain.Jobs;

namespace Gnomon.Api.Tests.Json;

public sealed class GnomonJsonTests
{
    private sealed record Sample(DateTimeOffset At, DateTimeOffset? Maybe, string? Reason, MisfirePolicy Misfire, ExecutionStatus Status);

    [Fact]
    public void Serialize_Instant_WritesUtcWithThreeFractionDigits()
    {
        var sample = new Sample(new DateTimeOffset(2026, 11, 23, 11, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567), null, null, MisfirePolicy.RunOnce, ExecutionStatus.TimedOut);

        var json = JsonSerializer.Serialize(sample, GnomonJson.Options);

        Assert.Equal("""{"at":"2026-11-23T10:00:00.123Z","maybe":null,"reason":null,"misfire":"runOnce","status":"timedOut"}""", json);
    }

    [Fact]
    public void Serialize_WholeSecond_WritesZeroMilliseconds()
    {
        var json = JsonSerializer.Serialize(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), GnomonJson.Options);

        Assert.Equal("\"2026-11-23T10:00:00.000Z\"", json);
    }

    [Theory]
    [InlineData("\"2026-11-23T10:00:00Z\"", "2026-11-23T10:00:00.000Z")]
    [InlineData("\"2026-11-23T11:00:00.5+01:00\"", "2026-11-23T10:00:00.500Z")]
    [InlineData("\"2026-11-23t10:00:00.123456789z\"", "2026-11-23T10:00:00.123Z")]
    [InlineData("\"2026-11-23T05:30:00-04:30\"", "2026-11-23T10:00:00.000Z")]
    public void Deserialize_Rfc3339WithOffset_ReadsInstant(string json, string expected)
    {
        var instant = JsonSerializer.Deserialize<DateTimeOffset>(json, GnomonJson.Options);

        Assert.Equal(expected, Rfc3339.Format(instant));
    }

    [Theory]
    [InlineData("\"2026-11-23T10:00:00\"")]
    [InlineData("\"2026-11-23 10:00:00Z\"")]
    [InlineData("\"2026-11-23\"")]
    [InlineData("\"2026-13-23T10:00:00Z\"")]
    [InlineData("\"tomorrow\"")]
    [InlineData("1795428000")]
    public void Deserialize_InstantWithoutOffsetOrInvalid_Throws(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>(json, GnomonJson.Options));
    }

    [Fact]
    public void Deserialize_EnumAsInteger_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MisfirePolicy>("1", GnomonJson.Options));
    }

    [Fact]
    public void Deserialize_EnumAsCamelCaseString_Reads()
    {
        Assert.Equal(MisfirePolicy.RunAll, JsonSerializer.Deserialize<MisfirePolicy>("\"runAll\"", GnomonJson.Options));
    }

    [Fact]
    public void InputOptions_UnknownMember_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>("""{"at":"2026-11-23T10:00:00Z","nope":1}""", GnomonJson.InputOptions));
    }

    [Fact]
    public void Options_NumberAsString_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<int>("\"5\"", GnomonJson.Options));
    }

    [Fact]
    public void Apply_WebDefaults_BehavesAsOptions()
    {
        var target = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        GnomonJson.Apply(target);
        var sample = new Sample(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), null, null, MisfirePolicy.Skip, ExecutionStatus.Pending);

        Assert.Equal(JsonSerializer.Serialize(sample, GnomonJson.Options), JsonSerializer.Serialize(sample, target));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<int>("\"5\"", target));
    }

    [Fact]
    public void Options_IsReadOnly()
    {
        Assert.True(GnomonJson.Options.IsReadOnly);
        Assert.True(GnomonJson.InputOptions.IsReadOnly);
    }
}
