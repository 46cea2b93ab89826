namespace Gnomon.EmbeddedPostgres.Tests;

public sealed class PostgresBinariesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ResolveAsync_ConfiguredDirectoryLacksPrograms_ThrowsNamingWhatIsMissing()
    {
        var bin = FakeBin("configured", "initdb");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ResolveAsync(configured: bin, environment: FakeBin("env")));

        Assert.Contains(bin, error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks pg_ctl, postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ConfiguredAndEnvironment_PrefersConfigured()
    {
        var configured = FakeBin("configured");

        var resolved = await ResolveAsync(configured: configured, environment: FakeBin("env"));

        Assert.Equal(configured, resolved.BinDirectory);
    }

    [Fact]
    public async Task ResolveAsync_OnlyEnvironment_UsesEnvironment()
    {
        var environment = FakeBin("env");

        var resolved = await ResolveAsync(environment: environment, pgConfig: FakeBin("pgconfig"));

        Assert.Equal(environment, resolved.BinDirectory);
        Assert.Contains("GNOMON_PG_BIN", resolved.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_PgConfigDirectoryComplete_UsesIt()
    {
        var pgConfig = FakeBin("pgconfig");

        var resolved = await ResolveAsync(pgConfig: pgConfig, distributionRoot: DistributionRoot());

        Assert.Equal(pgConfig, resolved.BinDirectory);
    }

    [Fact]
    public async Task ResolveAsync_PgConfigIncomplete_UsesNewestCompleteDistributionVersion()
    {
        var root = DistributionRoot();

        var resolved = await ResolveAsync(pgConfig: FakeBin("pgconfig", "pg_ctl"), distributionRoot: root);

        Assert.Equal(Path.Combine(root, "15", "bin"), resolved.BinDirectory);
    }

    [Fact]
    public async Task ResolveAsync_NothingFound_ThrowsWithInstallAdvice()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ResolveAsync(distributionRoot: Path.Combine(_directory.Path, "none")));

        Assert.Contains("GNOMON_PG_BIN", error.Message, StringComparison.Ordinal);
        Assert.Contains("ensure-prerequisites", error.Message, StringComparison.Ordinal);
    }

    private Task<PostgresBinaries> ResolveAsync(string? configured = null, string? environment = null, string? pgConfig = null, string? distributionRoot = null) =>
        PostgresBinaries.ResolveAsync(configured, environment, _ => Task.FromResult(pgConfig), distributionRoot ?? Path.Combine(_directory.Path, "none"), CancellationToken.None);

    private string DistributionRoot()
    {
        var root = Path.Combine(_directory.Path, "usr-lib-postgresql");
        FakeBin(Path.Combine(root, "9.6", "bin"));
        FakeBin(Path.Combine(root, "15", "bin"));
        FakeBin(Path.Combine(root, "16", "bin"), "initdb");
        FakeBin(Path.Combine(root, "common", "bin"));
        return root;
    }

    private string FakeBin(string name, params string[] programs)
    {
        var bin = Path.Combine(_directory.Path, name);
        Directory.CreateDirectory(bin);
        foreach (var program in programs.Length > 0 ? programs : ["initdb", "pg_ctl", "postgres"])
        {
            File.WriteAllText(Path.Combine(bin, program), "");
        }

        return bin;
    }
}
