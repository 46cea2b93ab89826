namespace Gnomon.EmbeddedPostgres.Tests;

public sealed class PostmasterPidFileTests
{
    [Fact]
    public void TryParse_FullLockFile_ReadsProcessIdAndPort()
    {
        var parsed = PostmasterPidFile.TryParse("4242\n/tmp/data/pg\n1700000000\n54321\n\n127.0.0.1\n  1234     5\nready   \n");

        Assert.Equal(new PostmasterPidFile(4242, 54321), parsed);
    }

    [Fact]
    public void TryParse_PortLineNotYetWritten_ReturnsPortZero()
    {
        Assert.Equal(new PostmasterPidFile(4242, 0), PostmasterPidFile.TryParse("4242\n/tmp/data/pg\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-pid\n/tmp\n")]
    [InlineData("-5\n")]
    public void TryParse_NoProcessId_ReturnsNull(string content)
    {
        Assert.Null(PostmasterPidFile.TryParse(content));
    }

    [Fact]
    public void TryRead_NoFile_ReturnsNull()
    {
        using var directory = new TempDirectory();

        Assert.Null(PostmasterPidFile.TryRead(directory.Path));
        Assert.Null(PostmasterPidFile.TryRead(Path.Combine(directory.Path, "missing")));
    }
}
