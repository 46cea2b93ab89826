using Gnomon.Store.Connections;

namespace Gnomon.Store.Tests.Connections;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(5, 1600)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void After_ConsecutiveFailures_DoublesFromTheFirstDelayUpToTheCap(int failures, int expectedMilliseconds)
    {
        var wait = RetryBackoff.After(failures, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), wait);
    }

    [Fact]
    public void After_NoFailure_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.After(0, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)));
    }
}
