namespace Gnomon.EmbeddedPostgres.Tests;

public sealed class PostgresCommandFactoryTests
{
    [Fact]
    public void Create_NoRunAsUser_RunsProgramDirectly()
    {
        var startInfo = new PostgresCommandFactory(null).Create("/usr/lib/postgresql/15/bin/pg_ctl", ["start", "-D", "/data dir/pg"]);

        Assert.Equal("/usr/lib/postgresql/15/bin/pg_ctl", startInfo.FileName);
        Assert.Equal(["start", "-D", "/data dir/pg"], startInfo.ArgumentList);
        Assert.Equal("/", startInfo.WorkingDirectory);
    }

    [Fact]
    public void Create_RunAsPostgres_WrapsInRunuserWithoutShell()
    {
        var startInfo = new PostgresCommandFactory("postgres").Create("/usr/lib/postgresql/15/bin/initdb", ["-D", "/data dir/pg"]);

        Assert.EndsWith("runuser", startInfo.FileName, StringComparison.Ordinal);
        Assert.Equal(["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/initdb", "-D", "/data dir/pg"], startInfo.ArgumentList);
    }
}
