using System.Diagnostics;

namespace Gnomon.EmbeddedPostgres.Tests;

/// <summary>The watchdog of an ephemeral server, with small processes standing in for the owner and the postmaster.</summary>
public sealed class ExitWatchdogTests
{
    [Fact]
    public async Task Start_OwnerKilled_InterruptsPostmasterAndDeletesDataDirectory()
    {
        using var directory = new TempDirectory();
        var file = System.IO.Path.Combine(directory.Path, "PG_VERSION");
        await File.WriteAllTextAsync(file, "15");
        using var owner = Process.Start("sleep", "60");
        // Named after the directory on its command line, as the postmaster is (postgres -D <directory>/pg).
        using var postmaster = Process.Start("tail", ["-f", file]);

        ExitWatchdog.Start(owner.Id, postmaster.Id, directory.Path);
        Assert.False(postmaster.HasExited);
        owner.Kill();

        // tail ends on SIGINT, as the postmaster begins a fast shutdown.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await postmaster.WaitForExitAsync(deadline.Token);
        while (Directory.Exists(directory.Path))
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public async Task Start_PidNoLongerThePostmaster_LeavesThatProcessAlone()
    {
        using var directory = new TempDirectory();
        using var owner = Process.Start("sleep", "60");
        // The server was stopped earlier and its pid now belongs to some other program.
        using var other = Process.Start("sleep", "60");

        ExitWatchdog.Start(owner.Id, other.Id, directory.Path);
        owner.Kill();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (Directory.Exists(directory.Path))
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.False(other.HasExited);
        other.Kill();
    }
}
