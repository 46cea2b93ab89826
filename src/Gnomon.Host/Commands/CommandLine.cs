using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Runtime.InteropServices;
using Gnomon.EmbeddedPostgres;
using Gnomon.Gateway;
using Gnomon.Host.Composition;
using Gnomon.Security;
using Gnomon.Store.Connections;
using Gnomon.Store.Migrations;
using Gnomon.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gnomon.Host.Commands;

/// <summary>The <c>gnomon</c> commands.</summary>
public static class CommandLine
{
    public const int DefaultDevPort = 5050;

    private const string Usage = """
        Usage: gnomon <command> [options] [--Section:Key=value ...]

        Commands:
          dev       every role in one process on an embedded PostgreSQL, bound to 127.0.0.1
                      --data-dir <dir>   where the embedded database lives (default ./.gnomon)
                      --port <n>         API port (default 5050)
          master    REST API and scheduler; needs ConnectionStrings:Gnomon and an API key
                      --urls <urls>      where to listen (default http://127.0.0.1:5000)
                      --Security:ApiKeys:0=<key>  a key clients send as 'Authorization: Bearer <key>'
                      --insecure         serve the API without a key (Security:AllowAnonymous; trusted networks only)
          gateway   the gateway (YARP) in front of the masters: health checks, retries, rate limit;
                    needs the masters and an API key (the same keys as the masters)
                      --urls <urls>      where to listen (default http://127.0.0.1:5080)
                      --Gateway:Masters:0=<url> --Gateway:Masters:1=<url> ...  the masters' base URLs
                      --Security:ApiKeys:0=<key>  as for master
                      --insecure         pass requests on without a key (trusted networks only)
          worker    claims and runs executions; needs ConnectionStrings:Gnomon
                      --queues <list>    queues to serve, e.g. default or default:100,reports:2 or *
                      --concurrency <n>  executions per queue when the list names none (default 100)
          postgres  an embedded PostgreSQL for a local cluster (scripts/cluster.sh), on 127.0.0.1, until stopped
                      --data-dir <dir>   where its data lives (required)
                      --port <n>         its port (default: a free one); prints the connection string
          migrate   applies the database schema and exits; needs ConnectionStrings:Gnomon
          version   prints the version

        Any setting can be given as --Section:Key=value, in appsettings.json or as an
        environment variable (Section__Key). The database: ConnectionStrings__Gnomon.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args.Skip(1).ToList();
        try
        {
            return args[0] switch
            {
                "dev" => await DevAsync(CommandLineArguments.Parse(rest, ["data-dir", "port"]), output),
                "master" => await RunRolesAsync(GnomonRoles.Master, CommandLineArguments.Parse(WithInsecureFlag(rest), []), output, "http://127.0.0.1:5000"),
                "gateway" => await GatewayAsync(CommandLineArguments.Parse(WithInsecureFlag(rest), []), output),
                "worker" => await RunRolesAsync(GnomonRoles.Worker, WorkerArguments(rest), output, "http://127.0.0.1:0"),
                "postgres" => await PostgresAsync(CommandLineArguments.Parse(rest, ["data-dir", "port"]), output),
                "migrate" => await MigrateAsync(CommandLineArguments.Parse(rest, []), output),
                "version" => await PrintVersionAsync(output),
                _ => throw new ArgumentException($"unknown command '{args[0]}'"),
            };
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"gnomon: {ex.Message}");
            await error.WriteLineAsync("Run 'gnomon help' for usage.");
            return 2;
        }
        catch (StartupException ex)
        {
            await error.WriteLineAsync($"gnomon: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Turns the <c>--insecure</c> flag into the setting it stands for.</summary>
    private static List<string> WithInsecureFlag(List<string> rest) =>
        [.. rest.Select(a => a == "--insecure" ? "--Security:AllowAnonymous=true" : a)];

    private static CommandLineArguments WorkerArguments(List<string> rest)
    {
        var parsed = CommandLineArguments.Parse(rest, ["queues", "concurrency"]);
        var configuration = parsed.Configuration.ToList();
        if (parsed.Options.TryGetValue("queues", out var queues))
        {
            configuration.Add($"--Worker:Queues={queues}");
        }

        if (parsed.Options.TryGetValue("concurrency", out var concurrency))
        {
            configuration.Add($"--Worker:Concurrency={concurrency}");
        }

        return CommandLineArguments.Parse(configuration, []);
    }

    private static async Task<int> DevAsync(CommandLineArguments arguments, TextWriter output)
    {
        var port = DefaultDevPort;
        if (arguments.Options.TryGetValue("port", out var portText) &&
            (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ArgumentException($"--port must be a number from 1 to 65535, not '{portText}'");
        }

        var dataDir = Path.GetFullPath(arguments.Options.GetValueOrDefault("data-dir") ?? ".gnomon");
        var configuration = ReadConfiguration(arguments);
        RefuseListenSettings(arguments, configuration);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var logger = loggerFactory.CreateLogger("Gnomon.Dev");

        // Both checked before anything starts: a clear refusal beats a PostgreSQL started only to be stopped.
        EnsurePortFree(port);
        Directory.CreateDirectory(dataDir);
        using var dataLock = DataDirectoryLock.TryAcquire(dataDir, out var holder)
            ?? throw new StartupException(
                $"another 'gnomon dev'{(holder is null ? "" : $" (process {holder})")} is running on {dataDir}; stop it first, or pass --data-dir with another directory");

        EmbeddedPostgresServer? embedded = null;
        var connectionString = configuration.GetConnectionString("Gnomon");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                embedded = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDir }, logger, CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or NpgsqlException)
            {
                throw new StartupException($"the embedded PostgreSQL did not start: {ex.Message}");
            }

            connectionString = embedded.ConnectionString;
        }

        try
        {
            var url = $"http://127.0.0.1:{port}";
            var defaults = new Dictionary<string, string?>
            {
                // dev is a sandbox on this machine: jobs may call local services, every queue is served.
                ["Executors:Http:AllowPrivateNetworks"] = "true",
                ["Worker:Queues"] = "*",
                // No keys on a loopback-only sandbox; the cluster roles refuse to start without them.
                ["Security:AllowAnonymous"] = "true",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                // One line per outbound call of every http job would drown the scheduler's own messages.
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            };
            // Loopback only: every other way to say where to listen was refused above.
            var args = arguments.Configuration.Append($"--urls={url}").ToArray();
            await using var app = GnomonApplication.Build(args, GnomonRoles.All, connectionString, defaults);
            await StartOrExplainAsync(app, $"port {port} is in use; pass --port with a free one");
            await output.WriteLineAsync($"""

                Gnomon is running at {url}
                  API reference   {url}/docs
                  OpenAPI         {url}/openapi/v1.json
                  health          {url}/health/ready
                  database        {(embedded is null ? "external (ConnectionStrings:Gnomon)" : $"embedded PostgreSQL on 127.0.0.1:{embedded.Port}, data in {dataDir}")}
                Press Ctrl+C to stop.

                """);
            await app.WaitForShutdownAsync();
            return 0;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// <c>dev</c> listens on 127.0.0.1 and <c>--port</c> only, with no key: every other way to say where to listen
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c> or <c>Kestrel:Endpoints</c> in appsettings.json) is refused
    /// rather than overridden in silence.
    /// </summary>
    private static void RefuseListenSettings(CommandLineArguments arguments, IConfiguration configuration)
    {
        const string Advice = "'gnomon dev' listens on 127.0.0.1 only, without authentication; pass --port N to choose its port, or run 'gnomon master' to listen elsewhere";
        if (arguments.Configuration.FirstOrDefault(a => a.StartsWith("--urls=", StringComparison.OrdinalIgnoreCase)) is { } urls)
        {
            throw new ArgumentException($"--urls is not accepted ({urls[2..]}): {Advice}");
        }

        foreach (var key in (string[])["ASPNETCORE_URLS", "DOTNET_URLS", "Urls"])
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                throw new StartupException($"{key} is set ('{configuration[key]}') and is not accepted: {Advice}; unset it first");
            }
        }

        if (configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            throw new StartupException($"Kestrel:Endpoints is configured and is not accepted: {Advice}");
        }
    }

    private static async Task<int> RunRolesAsync(GnomonRoles roles, CommandLineArguments arguments, TextWriter output, string defaultUrls)
    {
        var connectionString = RequireConnectionString(arguments);
        if (roles.HasFlag(GnomonRoles.Api))
        {
            RequireSecurity(arguments);
        }

        var defaults = new Dictionary<string, string?> { ["Urls"] = defaultUrls, ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning", ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning" };
        await using var app = GnomonApplication.Build([.. arguments.Configuration], roles, connectionString, defaults);
        await StartOrExplainAsync(app, "the address is in use; pass --urls with a free one");
        await output.WriteLineAsync($"Gnomon {roles.ToString().ToLowerInvariant()} running at {string.Join(", ", app.Urls)}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task<int> PostgresAsync(CommandLineArguments arguments, TextWriter output)
    {
        var dataDir = arguments.Options.GetValueOrDefault("data-dir") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : throw new ArgumentException("--data-dir is required: where the PostgreSQL data lives");
        int? port = null;
        if (arguments.Options.TryGetValue("port", out var portText))
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
                ? p
                : throw new ArgumentException($"--port must be a number from 1 to 65535, not '{portText}'");
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        Directory.CreateDirectory(dataDir);
        using var dataLock = DataDirectoryLock.TryAcquire(dataDir, out var holder)
            ?? throw new StartupException($"another gnomon{(holder is null ? "" : $" (process {holder})")} is using {dataDir}; stop it first");
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
        EmbeddedPostgresServer server;
        try
        {
            server = await EmbeddedPostgresServer.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = dataDir, Port = port }, loggerFactory.CreateLogger("Gnomon.Postgres"), CancellationToken.None);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or NpgsqlException)
        {
            throw new StartupException($"the embedded PostgreSQL did not start: {ex.Message}");
        }

        await using (server)
        {
            await output.WriteLineAsync($"ConnectionStrings__Gnomon={server.ConnectionString}");
            await output.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static async Task<int> GatewayAsync(CommandLineArguments arguments, TextWriter output)
    {
        RequireSecurity(arguments);
        var defaults = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:5080", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning", ["Logging:LogLevel:Yarp"] = "Warning" };
        WebApplication app;
        try
        {
            app = GatewayApplication.Build([.. arguments.Configuration], defaults);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw InvalidSettings(ex);
        }
        catch (InvalidOperationException ex) when (IsUnconvertibleSetting(ex))
        {
            throw new StartupException("invalid settings: " + ex.Message);
        }

        await using (app)
        {
            await StartOrExplainAsync(app, "the address is in use; pass --urls with a free one", migrate: false);
            await output.WriteLineAsync($"Gnomon gateway running at {string.Join(", ", app.Urls)}");
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    private static async Task<int> MigrateAsync(CommandLineArguments arguments, TextWriter output)
    {
        var connectionString = RequireConnectionString(arguments);
        var services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true)).AddGnomonStore(connectionString);
        await using var provider = services.BuildServiceProvider();
        try
        {
            var applied = await provider.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
            await output.WriteLineAsync($"Schema is at version {SchemaMigrator.LatestVersion} ({applied} migration(s) applied).");
            return 0;
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseFailure(ex))
        {
            throw new StartupException($"migration failed: {ex.Message}");
        }
    }

    private static async Task<int> PrintVersionAsync(TextWriter output)
    {
        await output.WriteLineAsync(typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        return 0;
    }

    private static async Task StartOrExplainAsync(WebApplication app, string addressInUse, bool migrate = true)
    {
        try
        {
            if (migrate)
            {
                await GnomonApplication.StartAsync(app, CancellationToken.None);
            }
            else
            {
                await app.StartAsync(CancellationToken.None);
            }
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupException(addressInUse);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw InvalidSettings(ex);
        }
        catch (InvalidOperationException ex) when (IsUnconvertibleSetting(ex))
        {
            throw new StartupException("invalid settings: " + ex.Message);
        }
        catch (NpgsqlException ex)
        {
            throw new StartupException($"the database is unreachable: {ex.Message}");
        }
    }

    private static StartupException InvalidSettings(Microsoft.Extensions.Options.OptionsValidationException ex) =>
        new("invalid settings: " + string.Join("; ", ex.Failures));

    /// <summary>The configuration binder's complaint about a value of the wrong type, e.g. a duration that is not a TimeSpan.</summary>
    private static bool IsUnconvertibleSetting(InvalidOperationException ex) =>
        ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);

    private static void EnsurePortFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new StartupException($"port {port} is in use; pass --port with a free one");
        }
    }

    /// <summary>Refuses, before anything starts, a node that would serve the API to anyone.</summary>
    private static void RequireSecurity(CommandLineArguments arguments)
    {
        var security = ReadConfiguration(arguments).GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        if (security.Problem() is { } problem)
        {
            throw new StartupException(problem);
        }
    }

    private static string RequireConnectionString(CommandLineArguments arguments)
    {
        var connectionString = ReadConfiguration(arguments).GetConnectionString("Gnomon");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException("no database configured: set ConnectionStrings__Gnomon (or --ConnectionStrings:Gnomon=...); only 'gnomon dev' starts its own");
        }

        return connectionString;
    }

    private static IConfiguration ReadConfiguration(CommandLineArguments arguments) =>
        new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. arguments.Configuration])
            .Build();

    /// <summary>A start-up failure explained to the user, exit code 1.</summary>
    private sealed class StartupException(string message) : Exception(message);
}
