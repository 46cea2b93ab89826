using System.Text;
using Gnomon.Worker.Executors;

namespace Gnomon.Worker.Tests.Executors;

public sealed class BoundedOutputTests
{
    [Fact]
    public void ToString_UnderLimit_ReturnsAllWithoutMarker()
    {
        var output = new BoundedOutput(10);
        output.Append("abc"u8);
        output.Append("def"u8);

        Assert.False(output.IsTruncated);
        Assert.Equal("abcdef", output.ToString());
    }

    [Fact]
    public void ToString_OverLimit_KeepsPrefixAndMarks()
    {
        var output = new BoundedOutput(4);
        output.Append("abc"u8);
        output.Append("def"u8);

        Assert.True(output.IsTruncated);
        Assert.Equal(0, output.Remaining);
        Assert.Equal("abcd" + BoundedOutput.TruncationMarker, output.ToString());
    }

    [Theory]
    [InlineData("aé", 2, "a")]          // é is 2 bytes: cut inside it
    [InlineData("a€b", 3, "a")]         // € is 3 bytes
    [InlineData("a😀b", 4, "a")]        // 😀 is 4 bytes
    [InlineData("a😀b", 5, "a😀")]
    public void ToString_CutInsideMultiByteCharacter_DropsThePartialCharacter(string text, int limit, string kept)
    {
        var output = new BoundedOutput(limit);
        output.Append(Encoding.UTF8.GetBytes(text));

        Assert.Equal(kept + BoundedOutput.TruncationMarker, output.ToString());
    }

    [Fact]
    public void Truncate_LongString_CutsAtByteLimit()
    {
        Assert.Equal("ééé" + BoundedOutput.TruncationMarker, BoundedOutput.Truncate(new string('é', 1000), 7));
        Assert.Equal("short", BoundedOutput.Truncate("short", 5));
        Assert.Null(BoundedOutput.Truncate(null, 5));
    }
}
