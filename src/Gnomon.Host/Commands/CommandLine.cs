using System.CommandLine;
using System.CommandLine.Parsing;
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

    /// <summary>Runs the command line; the exit code is 0 on success, 1 when the command could not start or failed, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = CommandTree.Build(output);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(invocation);
            return 2;
        }

        // 'gnomon help [command]' as well as 'gnomon [command] --help'.
        // No response files: a setting's value may well begin with '@'.
        var parse = root.Parse(args[0] == "help" ? [.. args.Skip(1), "--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            var unknownCommand = parse.CommandResult.Command == root && !args[0].StartsWith('-');
            foreach (var message in unknownCommand ? [$"unknown command '{args[0]}'"] : parse.Errors.Select(e => e.Message))
            {
                await error.WriteLineAsync($"gnomon: {message}");
            }

            await error.WriteLineAsync(HelpHint(parse, root));
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(invocation);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"gnomon: {ex.Message}");
            await error.WriteLineAsync(HelpHint(parse, root));
            return 2;
        }
        catch (StartupException ex)
        {
            await error.WriteLineAsync($"gnomon: {ex.Message}");
            return 1;
        }
    }

    private static string HelpHint(ParseResult parse, RootCommand root)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Command != root; result = (CommandResult)result.Parent!)
        {
            names.Insert(0, result.Command.Name);
        }

        return $"Run 'gnomon {string.Join(' ', names.Append("--help"))}' for usage.";
    }

    internal static async Task<int> DevAsync(string dataDirectory, int port, List<string> switches, TextWriter output)
    {
        var dataDir = Path.GetFullPath(dataDirectory);
        var configuration = ReadConfiguration(switches);
        RefuseListenSettings(switches, configuration);
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
            var args = switches.Append($"--urls={url}").ToArray();
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
    private static void RefuseListenSettings(List<string> switches, IConfiguration configuration)
    {
        const string Advice = "'gnomon dev' listens on 127.0.0.1 only, without authentication; pass --port N to choose its port, or run 'gnomon master' to listen elsewhere";
        if (switches.FirstOrDefault(a => a.StartsWith("--urls=", StringComparison.OrdinalIgnoreCase)) is { } urls)
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

    internal static async Task<int> RunRolesAsync(GnomonRoles roles, List<string> switches, TextWriter output, string defaultUrls)
    {
        var connectionString = RequireConnectionString(switches);
        if (roles.HasFlag(GnomonRoles.Api))
        {
            RequireSecurity(switches);
        }

        var defaults = new Dictionary<string, string?> { ["Urls"] = defaultUrls, ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning", ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning" };
        await using var app = GnomonApplication.Build([.. switches], roles, connectionString, defaults);
        await StartOrExplainAsync(app, "the address is in use; pass --urls with a free one");
        await output.WriteLineAsync($"Gnomon {roles.ToString().ToLowerInvariant()} running at {string.Join(", ", app.Urls)}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    internal static async Task<int> PostgresAsync(string dataDirectory, int? port, TextWriter output)
    {
        var dataDir = Path.GetFullPath(dataDirectory);
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

    internal static async Task<int> GatewayAsync(List<string> switches, TextWriter output)
    {
        RequireSecurity(switches);
        var defaults = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:5080", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning", ["Logging:LogLevel:Yarp"] = "Warning" };
        WebApplication app;
        try
        {
            app = GatewayApplication.Build([.. switches], defaults);
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

    internal static async Task<int> MigrateAsync(List<string> switches, TextWriter output)
    {
        var connectionString = RequireConnectionString(switches);
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

    internal static async Task<int> PrintVersionAsync(TextWriter output)
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
    private static void RequireSecurity(List<string> switches)
    {
        var security = ReadConfiguration(switches).GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        if (security.Problem() is { } problem)
        {
            throw new StartupException(problem);
        }
    }

    private static string RequireConnectionString(List<string> switches)
    {
        var connectionString = ReadConfiguration(switches).GetConnectionString("Gnomon");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupException("no database configured: set ConnectionStrings__Gnomon (or --ConnectionStrings:Gnomon=...); only 'gnomon dev' starts its own");
        }

        return connectionString;
    }

    private static IConfiguration ReadConfiguration(List<string> switches) =>
        new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. switches])
            .Build();

    /// <summary>A start-up failure explained to the user, exit code 1.</summary>
    internal sealed class StartupException(string message) : Exception(message);
}
