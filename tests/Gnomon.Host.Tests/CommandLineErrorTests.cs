using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gnomon.Host.Tests.Infrastructure;
using Gnomon.Testing;

namespace Gnomon.Host.Tests;

/// <summary>What a user sees when the command line is wrong: the real binary, its messages and exit codes.</summary>
public sealed class CommandLineErrorTests
{
    private static readonly TimeSpan QuickExit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Gnomon_NoCommand_PrintsUsageAndExits2()
    {
        var (exitCode, output) = await GnomonProcess.RunAsync(Path.GetTempPath(), QuickExit);

        Assert.Equal(2, exitCode);
        Assert.Contains("gnomon [command] [options]", output, StringComparison.Ordinal);
        Assert.All(["dev", "master", "gateway", "worker", "postgres", "migrate", "version", "ctl"], c => Assert.Contains($"  {c} ", output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ctl jo", "jobs")]
    [InlineData("ctl jobs l", "list")]
    [InlineData("ctl executions w", "watch")]
    [InlineData("wor", "worker")]
    public async Task Suggest_PartialLine_CompletesFromTheOneParser(string line, string completion)
    {
        var (exitCode, output) = await GnomonProcess.RunAsync(Path.GetTempPath(), QuickExit, $"[suggest:{line.Length}]", line);

        Assert.Equal(0, exitCode);
        Assert.Contains(completion, output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("dev", "--data-dir", "--port")]
    [InlineData("worker", "--queues", "--concurrency")]
    [InlineData("master", "--insecure", "--Security:ApiKeys:0")]
    [InlineData("postgres", "--data-dir", "--port")]
    public async Task Command_Help_DescribesItsOptionsAndExits0(string command, string option, string other)
    {
        var (exitCode, output) = await GnomonProcess.RunAsync(Path.GetTempPath(), QuickExit, command, "--help");

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains($"gnomon {command} [options]", output, StringComparison.Ordinal);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains(other, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", "--prot", "5051")]
    [InlineData("worker", "--queue", "default")]
    [InlineData("migrate", "--force", "yes")]
    public async Task Command_MistypedOption_IsRefusedNamingItAndExits2(string command, string option, string value)
    {
        var (exitCode, output) = await GnomonProcess.RunAsync(Path.GetTempPath(), QuickExit, command, option, value);

        Assert.True(exitCode == 2, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains($"unknown option '{option}'", output, StringComparison.Ordinal);
        Assert.Contains($"gnomon {command} --help", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gnomon_UnknownCommand_NamesItAndExits2()
    {
        var (exitCode, output) = await GnomonProcess.RunAsync(Path.GetTempPath(), QuickExit, "frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown command 'frobnicate'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_PortNotANumber_ExplainsAndExits2()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, "dev", "--data-dir", data.Path, "--port", "abc");

        Assert.Equal(2, exitCode);
        Assert.Contains("--port must be a number", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data.Path), "a rejected command line must not create the data directory");
    }

    // Issue 9: 'gnomon dev' silently ignored --urls and ASPNETCORE_URLS (it always listens on 127.0.0.1 and --port).
    [Fact]
    public async Task Dev_Urls_IsRefusedNamingPortAndExits2()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, "dev", "--data-dir", data.Path, "--urls", "http://0.0.0.0:5999");

        Assert.True(exitCode == 2, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("--urls is not accepted", output, StringComparison.Ordinal);
        Assert.Contains("--port", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data.Path), "a refused command line must not create the data directory");
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("Kestrel__Endpoints__Public__Url")]
    public async Task Dev_ListenAddressFromEnvironment_IsRefusedNamingPortAndExits1(string variable)
    {
        await using var data = new DevDataDirectory();
        var environment = new Dictionary<string, string> { [variable] = "http://0.0.0.0:5999" };

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, environment, "dev", "--data-dir", data.Path);

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains(variable.StartsWith("Kestrel", StringComparison.Ordinal) ? "Kestrel:Endpoints" : variable, output, StringComparison.Ordinal);
        Assert.Contains("--port", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Master_NoConnectionString_NamesTheSettingAndExits1()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, "master");

        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings__Gnomon", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Master_NoApiKey_IsRefusedBeforeStartingNamingBothWaysOut()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(
            data.WorkingDirectory, QuickExit, "master", "--ConnectionStrings:Gnomon=Host=127.0.0.1;Port=1;Username=nobody");

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("no API key configured", output, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeys", output, StringComparison.Ordinal);
        Assert.Contains("--insecure", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_NoMasters_NamesTheSettingAndExits1()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, "gateway", "--insecure");

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("no masters configured: set Gateway:Masters", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_NoApiKey_IsRefused()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(data.WorkingDirectory, QuickExit, "gateway", "--Gateway:Masters:0=http://127.0.0.1:5001");

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("no API key configured", output, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeys", output, StringComparison.Ordinal);
        Assert.Contains("Security:AllowAnonymous", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_SettingOfTheWrongType_NamesItAndExits1()
    {
        await using var data = new DevDataDirectory();

        var (exitCode, output) = await GnomonProcess.RunAsync(
            data.WorkingDirectory, QuickExit, "gateway", "--insecure", "--Gateway:Masters:0=http://127.0.0.1:5001", "--Gateway:HealthCheckInterval=often");

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains("invalid settings: Failed to convert configuration value 'often' at 'Gateway:HealthCheckInterval'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_PortInUse_SaysSoExits1AndStopsItsPostgres()
    {
        await using var data = new DevDataDirectory();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, output) = await GnomonProcess.RunAsync(
            data.WorkingDirectory, TimeSpan.FromMinutes(2), "dev", "--data-dir", data.Path, "--port", port.ToString(CultureInfo.InvariantCulture));

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains($"port {port} is in use", output, StringComparison.Ordinal);
        // The port is tried before anything starts: no PostgreSQL is started only to be stopped again.
        Assert.DoesNotContain("Starting PostgreSQL", output, StringComparison.Ordinal);
        Assert.Empty(data.PostgresProcesses());
    }

    [Fact]
    public async Task Dev_SecondOnSameDataDirectory_IsRefusedAndTheFirstKeepsServing()
    {
        await using var data = new DevDataDirectory();
        var firstPort = FreePort.Next();
        await using var first = GnomonProcess.Start(data.WorkingDirectory, "dev", "--data-dir", data.Path, "--port", firstPort.ToString(CultureInfo.InvariantCulture));
        await first.WaitForOutputAsync("Gnomon is running", TimeSpan.FromMinutes(2));

        var (exitCode, output) = await GnomonProcess.RunAsync(
            data.WorkingDirectory, QuickExit, "dev", "--data-dir", data.Path, "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture));

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        Assert.Contains($"another 'gnomon dev' (process {first.Id}) is running on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PostgreSQL", output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}") };
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
