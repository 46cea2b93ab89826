using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gnomon.EmbeddedPostgres.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class DirectoryTraversalTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const int Postgres = 101;

    [Theory]
    [InlineData(Private | UnixFileMode.OtherExecute, 0, nameof(TraversalDecision.Traversable))]
    [InlineData(Private, Postgres, nameof(TraversalDecision.Traversable))]
    [InlineData(Private, 0, nameof(TraversalDecision.AddOtherExecute))]
    [InlineData(Private, 1000, nameof(TraversalDecision.Blocked))]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, Postgres, nameof(TraversalDecision.Blocked))]
    public void Decide_ModeAndOwner_ChoosesLeastChange(UnixFileMode mode, int ownerUid, string expected)
    {
        Assert.Equal(Enum.Parse<TraversalDecision>(expected), DirectoryTraversal.Decide(mode, ownerUid, Postgres));
    }

    /// <summary>
    /// Root owns the private directory when root runs the tests, so it gains o+x only; anyone else owns it themselves,
    /// and then the launcher must refuse with advice rather than touch it.
    /// </summary>
    [Fact]
    public async Task EnsureTraversableAsync_PrivateParent_FixesOnlyWhenRootOwnsIt()
    {
        using var directory = new TempDirectory();
        var parent = Path.Combine(directory.Path, "private");
        var data = Path.Combine(parent, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(parent, Private);

        if (Environment.UserName == "root")
        {
            await DirectoryTraversal.EnsureTraversableAsync(data, "nobody", NullLogger.Instance, CancellationToken.None);

            Assert.Equal(Private | UnixFileMode.OtherExecute, File.GetUnixFileMode(parent));
        }
        else
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => DirectoryTraversal.EnsureTraversableAsync(data, "nobody", NullLogger.Instance, CancellationToken.None));

            Assert.Contains(parent, error.Message, StringComparison.Ordinal);
            Assert.Contains("/var or /tmp", error.Message, StringComparison.Ordinal);
            Assert.Equal(Private, File.GetUnixFileMode(parent));
        }
    }
}
