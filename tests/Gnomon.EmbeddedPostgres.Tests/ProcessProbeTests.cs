using System.Diagnostics;

namespace Gnomon.EmbeddedPostgres.Tests;

public sealed class ProcessProbeTests
{
    [Theory]
    [InlineData("123 (postgres) S 1 123 123 0 -1", nameof(ProcessState.LivePostgres))]
    [InlineData("123 (postgres) R 1 123 123 0 -1", nameof(ProcessState.LivePostgres))]
    [InlineData("123 (postgres) Z 1 123 123 0 -1", nameof(ProcessState.Other))]
    [InlineData("123 (bash) S 1 123 123 0 -1", nameof(ProcessState.Other))]
    [InlineData("123 (post) gres) S 1", nameof(ProcessState.Other))]
    [InlineData("garbage", nameof(ProcessState.Other))]
    public void ParseProcStat_Line_ClassifiesProcess(string stat, string expected)
    {
        Assert.Equal(Enum.Parse<ProcessState>(expected), ProcessProbe.ParseProcStat(stat));
    }

    [Fact]
    public void Inspect_CurrentProcess_IsNotPostgres()
    {
        Assert.Equal(ProcessState.Other, ProcessProbe.Inspect(Environment.ProcessId));
    }

    [Fact]
    public async Task Inspect_ExitedProcess_IsDead()
    {
        using var process = Process.Start(new ProcessStartInfo("true"))!;
        await process.WaitForExitAsync();

        Assert.Equal(ProcessState.Dead, ProcessProbe.Inspect(process.Id));
    }

    [Fact]
    public void FindProcessWorkingIn_DirectoryNoPostgresUses_ReturnsNull()
    {
        using var directory = new TempDirectory();

        Assert.Null(ProcessProbe.FindProcessWorkingIn(directory.Path));
    }
}
